"""Directive extraction: speech files in, structured directives out.

Plain Python, no Django: ``extract_file(path)`` / ``extract_text(text)``
return frozen dataclasses (see ``types``); ``to_contract_json`` turns them
into the JSON fixed by EXTRACTION_CONTRACT.md.
"""
from .errors import ExtractionError
from .pipeline import extract_file, extract_text
from .serialize import to_contract_json
from .types import Deadline, Directive, Document, Speech

__all__ = [
    "Deadline", "Directive", "Document", "ExtractionError", "Speech",
    "extract_file", "extract_text", "to_contract_json",
]
