"""The case document (諮問書 or 報告事項 with its numbered handling forms) as DOCX, PDF and
HTML, all three from the same blocks (`content.case_document`).

    case_docx(dossier, meta=DocMeta(number_label="諮問第999号", date=..., draft=True))
"""

from __future__ import annotations

from shingikai.documents.content import case_document
from shingikai.documents.htmldoc import document_html, stylesheet
from shingikai.documents.meta import DocMeta
from shingikai.documents.worddoc import document_docx
from shingikai.dossiers.structure.dossier import Dossier

__all__ = ["DocMeta", "case_docx", "case_html", "case_pdf", "stylesheet"]


def case_html(dossier: Dossier, meta: DocMeta, *, fragment: bool = False) -> str:
    """The document as a standalone HTML page (CSS inlined, what the PDF is made from), or
    with `fragment` only its <article>, for a web page that links `casedoc.css`."""
    return document_html(case_document(dossier, meta), fragment=fragment)


def case_docx(dossier: Dossier, *, meta: DocMeta) -> bytes:
    """The document as a Word file (A4, Japanese fonts, page numbers)."""
    return document_docx(case_document(dossier, meta))


def case_pdf(dossier: Dossier, *, meta: DocMeta) -> bytes:
    """The document as PDF: the HTML laid out by WeasyPrint."""
    from weasyprint import HTML  # slow to import; only the PDF needs it

    return HTML(string=case_html(dossier, meta), base_url=None).write_pdf()
