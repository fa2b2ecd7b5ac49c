"""Word documents an office files: 督办通知书 (交办单) and the written 督查通报, built with python-docx.

``layout`` holds the page and type of an official paper (A4, the margins and
sizes of GB/T 9704, CJK fonts named through ``w:eastAsia`` so Word and
LibreOffice both pick them); ``notices`` and ``bulletin`` fill it from the
selectors. Documents are written in the site language (Chinese) whatever the
request's language, as the spreadsheets are.
"""

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
