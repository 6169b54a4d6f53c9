"""What leaves the app: a figure as PNG or SVG and a briefing report as HTML and PDF, each read back
as a valid file that carries its caption, alt text and provenance."""
import json
import re
import xml.etree.ElementTree as ET

from PySide6 import QtGui

from explainer.talks.provenance import RATER_NOTE, weights_hash
from gui.talk.figures import figure_at, figure_in_front, provenance_of
from gui.talk.render import main as render_main
from gui.talk.report import ReportFigure, write_report

FIELDS = {"app_version", "model", "weights_sha256", "step", "prompt", "seed", "sampling", "date", "page", "rater"}


def test_a_figure_exports_as_png_at_the_chosen_width_with_its_provenance_inside(qtbot, base_window, tmp_path):
    w = base_window
    w.views.show_view("grid")
    figure = figure_in_front(w)
    assert figure is w.views.views["grid"]
    path = w.figures.save(figure, tmp_path / "grid.png", width=1920)
    image = QtGui.QImage(str(path))
    assert not image.isNull() and image.width() == 1920
    assert abs(image.height() / image.width() - figure.height() / figure.width()) < 0.01  # its shape kept
    meta = json.loads(image.text("provenance"))
    assert set(meta) == FIELDS
    assert meta["weights_sha256"] == weights_hash(w.shelf.inspection_model.state_dict())
    assert meta["prompt"] == w.exploration.prompt and meta["step"] == 6000 and not meta["rater"]
    assert "Attention" in image.text("Title") and w.shelf.shown.title in image.text("Description")


def test_the_weights_hash_names_the_snapshot_behind_the_figure(base_window):
    w = base_window
    final = provenance_of(w).weights_sha256
    w.player.go(0)
    assert re.fullmatch(r"[0-9a-f]{16}", final) and provenance_of(w).weights_sha256 != final
    w.player.go(len(w.player.positions()) - 1)
    assert provenance_of(w).weights_sha256 == final


def test_a_figure_exports_as_svg_with_title_and_provenance(base_window, tmp_path):
    w = base_window
    w.views.show_view("next")
    path = w.figures.save(figure_in_front(w), tmp_path / "next.svg")
    root = ET.parse(path).getroot()
    ns = {"svg": "http://www.w3.org/2000/svg"}
    assert root.tag.endswith("svg")
    title, desc = root.find("svg:title", ns).text, root.find("svg:desc", ns).text
    assert title and "Weights (SHA-256, first 16)" in desc and "Training step: 6,000" in desc
    assert root.findall(".//svg:text", ns) or root.findall(".//svg:path", ns)  # drawn as vectors, not one picture


def test_a_right_click_finds_the_whole_view_and_not_the_controls(base_window):
    w = base_window
    w.views.show_view("head")
    head = w.views.views["head"]
    assert figure_at(w, head.lines_view().viewport()) is head  # the lines come with their heatmap
    assert figure_at(w, w.controls.temperature) is None  # a dial is not a figure
    assert figure_at(w, w.explanation) is None


def test_the_report_is_html_and_pdf_with_captions_alt_text_provenance_and_the_rater_line(base_window, tmp_path):
    w = base_window
    w.pages.grab().toImage().save(str(tmp_path / "one.png"), "PNG")
    plain = ReportFigure("One", "What one shows.", "Alt words for one.", "one.png", provenance_of(w))
    w.show_page("compare")
    rated = ReportFigure("Two", "What two shows.", "Alt words for two.", "one.png", provenance_of(w))
    html_path, pdf_path = write_report(tmp_path, "A briefing", "About it.", [plain, rated])
    page = html_path.read_text()
    assert "alt='Alt words for one.'" in page and "What two shows." in page and "A briefing" in page
    for value in (plain.provenance.weights_sha256, "6,000", plain.provenance.date, "explainer "):
        assert value in page
    assert page.count(RATER_NOTE[:40]) == 1 + 1  # once at the top, once by the rater's figure
    pdf = pdf_path.read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF") and pdf.count(b"/Image") >= 1
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically


def test_render_writes_a_png_per_scene_and_the_report_and_prints_the_timings(qtbot, tmp_path, capsys):
    assert render_main(["render", "--talk", "intro", "--out", str(tmp_path), "--scenes", "1,2"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"scene setup p95: \d+ ms", out) and "scenes: 2" in out
    assert sorted(p.name for p in tmp_path.glob("scene-*.png")) == ["scene-01.png", "scene-02.png"]
    assert (tmp_path / "report.html").is_file() and (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
