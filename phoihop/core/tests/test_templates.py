"""Numbers that end up inside URLs or HTML attributes must not be localised.

With Vietnamese formatting 1610 prints as "1.610": a page link, an element id or an
<option value> built from it then points at nothing once a table passes a thousand rows.
"""

import re
from pathlib import Path

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils import translation

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# an attribute value that prints an id, a primary key or a page number without a filter
RAW_NUMBER_IN_ATTRIBUTE = re.compile(r'="[^"]*\{\{\s*[\w.]*(?:\.pk|\.id|_id|page_number)\s*\}\}[^"]*"')


def test_no_template_prints_a_raw_id_into_an_attribute():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if RAW_NUMBER_IN_ATTRIBUTE.search(line):
                offenders.append(f"{path.relative_to(TEMPLATES)}:{lineno}")
    assert offenders == []


def test_page_links_past_a_thousand_stay_plain_digits():
    page = Paginator(range(30_000), 10).page(1500)
    with translation.override("vi"):
        html = render_to_string("includes/pagination.html", {"page": page, "query": "q=dat"})
    assert "page=1499" in html and "page=1501" in html
    assert "Trang 1.500/3.000" in html
