"""The briefing report: a talk's scenes (or chosen ones) as figures with captions, alt text and
provenance, in one HTML page and one PDF made by Qt's own text engine (no browser, no printer).

Each figure carries its caption (the scene's narration), alt text for someone who cannot see it,
and where it comes from: the app's version, the model and a hash of its exact weights, the
snapshot's step, the prompt, the seed and the sampling, and the date. Figures with numbers from
the simulated rater say so, and so does the top of the report.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from PySide6 import QtCore, QtGui

from explainer.talks.provenance import RATER_NOTE, Provenance

PAGE_WIDTH_PX = 660  # figures in the PDF: within an A4 page's text width (180 mm) at 96 dpi


@dataclass(frozen=True)
class ReportFigure:
    title: str
    caption: str  # for every reader: what the figure shows, in plain words
    alt: str  # for a reader who cannot see it
    image: str  # the PNG's file name, beside the report
    provenance: Provenance


def _provenance_table(p: Provenance) -> str:
    rows = "".join(f"<tr><td class='k'>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>" for k, v in p.rows())
    return f"<table class='prov' cellspacing='0' cellpadding='2'>{rows}</table>"


def report_html(title: str, about: str, figures: list[ReportFigure], width: int | None = None) -> str:
    """The report as HTML; `width` fixes the figures' width in pixels (the PDF), else they fit the page."""
    made = figures[0].provenance if figures else None
    size = f"width='{width}'" if width else "style='max-width:100%'"
    parts = ["<html><head><meta charset='utf-8'><title>", html.escape(title), "</title><style>",
             "body{font-family:sans-serif;max-width:60em;margin:auto;color:#111}"
             " .prov{font-size:small;color:#333;border-top:1px solid #999;margin-bottom:2em}"
             " .k{color:#555;padding-right:1em} .rater{background:#fff3cd;padding:0.5em}",
             "</style></head><body>", f"<h1>{html.escape(title)}</h1>"]
    if about:
        parts.append(f"<p>{html.escape(about)}</p>")
    if made is not None:
        parts.append(f"<p>Made with explainer {html.escape(made.app_version)} on {html.escape(made.date)}. "
                     f"{len(figures)} figure(s). Every figure says which model, weights, step, prompt and seed it "
                     "comes from, so it can be made again exactly.</p>")
    if any(f.provenance.rater for f in figures):
        parts.append(f"<p class='rater'>{html.escape(RATER_NOTE)}</p>")
    for n, f in enumerate(figures, start=1):
        parts += [f"<h2>{n}. {html.escape(f.title)}</h2>",
                  f"<p><img src='{html.escape(f.image)}' alt='{html.escape(f.alt, quote=True)}' {size}></p>",
                  f"<p><b>Figure {n}.</b> {html.escape(f.caption)}</p>",
                  f"<p><i>Alt text:</i> {html.escape(f.alt)}</p>", _provenance_table(f.provenance)]
    parts.append("</body></html>")
    return "".join(parts)


def write_report(out: str | Path, title: str, about: str, figures: list[ReportFigure]) -> tuple[Path, Path]:
    """report.html and report.pdf in `out` (the figures' PNGs must be there already)."""
    from explainer.atomic import atomic_path, atomic_write_bytes
    out = Path(out)
    html_path, pdf_path = out / "report.html", out / "report.pdf"
    atomic_write_bytes(html_path, report_html(title, about, figures).encode("utf-8"))
    document = QtGui.QTextDocument()
    for f in figures:  # the PDF embeds the pictures: give the document each image under its file name
        document.addResource(QtGui.QTextDocument.ResourceType.ImageResource, QtCore.QUrl(f.image),
                             QtGui.QImage(str(out / f.image)))
    document.setHtml(report_html(title, about, figures, width=PAGE_WIDTH_PX))
    with atomic_path(pdf_path) as tmp:
        writer = QtGui.QPdfWriter(str(tmp))
        writer.setResolution(96)
        writer.setPageSize(QtGui.QPageSize(QtGui.QPageSize.PageSizeId.A4))
        writer.setPageMargins(QtCore.QMarginsF(15, 15, 15, 15), QtGui.QPageLayout.Unit.Millimeter)
        writer.setTitle(title)
        writer.setCreator("explainer")
        document.print_(writer)
        del writer  # the PDF is finished when the writer goes
    return html_path, pdf_path
