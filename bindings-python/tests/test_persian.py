"""Reports in Persian from Python: the core's words and digits, Persian table columns, the
HTML page the command line writes, and charts whose Persian text matplotlib draws shaped."""

import subprocess
import warnings

import pytest

import goldthread


@pytest.fixture(scope="module")
def plan(root):
    return goldthread.Plan.load(root / "examples/isfahan/plan.json")


def test_text_markdown_and_html_speak_persian(plan):
    report = plan.report()
    assert "جمع در دامنه" in report.text(lang="fa")
    assert "ریال" in report.markdown(lang="fa")
    assert 'dir="rtl"' in report.html(lang="fa")
    assert report.text() == report.text(lang="en")
    with pytest.raises(ValueError, match="en, fa"):
        report.text(lang="de")


def test_the_page_is_the_command_lines(plan, root, cli):
    page = plan.report_html(years=["1398"], lang="fa")
    assert page.startswith('<!DOCTYPE html>\n<html lang="fa" dir="rtl">')
    out = subprocess.run(
        [cli, "report", str(root / "examples/isfahan/plan.json"), "--format", "html", "--lang", "fa", "--year", "1398"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert page.rstrip() == out.rstrip()


@pytest.mark.parametrize("table", goldthread.TABLES)
def test_every_table_has_persian_columns_and_the_same_values(plan, table):
    pd = pytest.importorskip("pandas")
    report = plan.report(compare_phases=True)
    english = report.to_pandas(table)
    persian = report.to_pandas(table, lang="fa")
    persian_names = {v for k, v in goldthread.labels("fa").items() if k.startswith("field.")}
    assert list(persian.columns) == [goldthread.labels("fa")[f"field.{c}"] for c in english.columns]
    assert all(c in persian_names for c in persian.columns), list(persian.columns)
    assert len(set(persian.columns)) == len(persian.columns), "two columns with one name"
    pd.testing.assert_frame_equal(persian.set_axis(list(english.columns), axis=1), english)


def _ink(text):
    """The inked part of ``text`` drawn by matplotlib, as a boolean image."""
    import io

    import matplotlib.pyplot as plt
    import numpy as np

    fig = plt.figure(figsize=(3, 1))
    fig.text(0.5, 0.5, text, ha="center", va="center", fontsize=40)
    buf = io.BytesIO()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(buf, format="png", dpi=60)
    plt.close(fig)
    # The font has every glyph: matplotlib warns of a missing one.
    assert not [w for w in caught if "missing from" in str(w.message)], [str(w.message) for w in caught]
    buf.seek(0)
    image = plt.imread(buf)[:, :, :3].mean(axis=2) < 0.5
    columns = np.where(image.any(axis=0))[0]
    return image[:, columns[0] : columns[-1] + 1]


def _height(ink):
    import numpy as np

    rows = np.where(ink.any(axis=1))[0]
    return rows[-1] - rows[0]


def test_persian_chart_text_is_drawn_joined_and_right_to_left():
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    name = "اصفهان"
    # Joined: the word is narrower than its letters kept apart (a zero-width non-joiner
    # between each), as a reader expects it.
    joined = _ink(goldthread.chart_text(name)).shape[1]
    apart = _ink(goldthread.chart_text("\u200c".join(name))).shape[1]
    assert joined < apart * 0.95, (joined, apart)
    # Right to left: in "(د" the parenthesis comes after the letter, so it stands at the
    # left edge of the ink only if the text was drawn left to right. Its side is the tall one.
    ink = _ink(goldthread.chart_text("(د"))
    quarter = max(1, ink.shape[1] // 4)
    assert _height(ink[:, -quarter:]) > _height(ink[:, :quarter]), "drawn left to right"
    # For a matplotlib that does neither (before 3.11), the letters are joined and ordered
    # first: presentation forms, in visual order.
    shaped = goldthread.chart_text("اصفهان سبز", shape=True)
    assert all("\ufb50" <= c <= "\ufeff" or c == " " for c in shaped)
    assert goldthread.chart_text("G1 green", shape=True) == "G1 green"
