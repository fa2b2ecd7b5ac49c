"""Reading generated Word documents back with python-docx."""
import io

import docx


def read_document(content) -> docx.document.Document:
    if isinstance(content, (bytes, bytearray)):
        content = io.BytesIO(content)
    return docx.Document(content)


def document_text(document) -> str:
    """Every paragraph's and table cell's text, in order, one per line."""
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)
