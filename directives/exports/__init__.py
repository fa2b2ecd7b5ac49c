"""Spreadsheet builders (openpyxl, write-only mode): the ledger, the report matrix, bulletins.

openpyxl chooses its XML writer once, when it is first imported: with lxml
installed (python-docx brings it) it escapes every Chinese character as
``&#NNNNN;``, which makes exports 15–20% slower and the files 22% bigger.
``OPENPYXL_LXML=False`` turns that off, but only if it is in the environment
before the first ``import openpyxl`` of the process. The Makefile exports it;
this default covers ``manage.py``, Celery workers and tests started without
make. It must stay above every openpyxl import in this package.
"""
import os

os.environ.setdefault("OPENPYXL_LXML", "False")
