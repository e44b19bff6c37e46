import io
import re
from decimal import Decimal

import pypdf
import pytest
from django.template import engines

from kinerja.reports.charts import Series, bar_chart_svg, radar_chart_svg
from kinerja.reports.letterhead import letterhead_for
from kinerja.reports.pdf import ExternalResourceRefused, html_to_pdf, local_url_fetcher, render_pdf


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_local_url_fetcher_serves_static_and_refuses_network():
    css = local_url_fetcher("static:/static/reports/pdf.css")

    assert b"@page" in css["string"]
    assert css["mime_type"] == "text/css"
    for url in ("https://cdn.example.com/x.css", "http://127.0.0.1/x", "file:///etc/passwd"):
        with pytest.raises(ExternalResourceRefused):
            local_url_fetcher(url)


def test_html_with_external_resource_still_renders_without_fetching():
    data = html_to_pdf('<img src="https://cdn.example.com/logo.png"><p>Berita acara</p>')

    assert "Berita acara" in pdf_text(data)


@pytest.mark.django_db
def test_render_pdf_letterhead_signatures_and_chart(kemantren, pemkot):
    tapem = kemantren.__class__.objects.create(
        kind="bagian", name="Bagian Tata Pemerintahan", region=pemkot.region, parent=pemkot
    )
    chart = bar_chart_svg(
        [Series("Tugas Atributif", Decimal("82.5"), Decimal("70"))], max_value=100
    )
    context = {
        "letterhead": letterhead_for(tapem),
        "signers": [
            {
                "role": "Penilai 1",
                "name": "Ir. Contoh",
                "position": "Kepala Bidang",
                "confirmed_at": None,
            },
            {
                "role": "Mengetahui",
                "name": "Asisten Pemerintahan",
                "position": "",
                "confirmed_at": None,
            },
        ],
        "chart": chart,
    }
    template = engines["django"].from_string(
        '{% extends "reports/base_pdf.html" %}{% block content %}<h1>Berita Acara</h1>'
        '{{ chart|safe }}{% include "reports/_signatures.html" %}{% endblock %}'
    )
    html = template.render(context)

    data = html_to_pdf(html)
    text = pdf_text(data)

    assert data.startswith(b"%PDF")
    assert "PEMERINTAH KOTA YOGYAKARTA" in text.upper()
    assert "BAGIAN TATA PEMERINTAHAN" in text.upper()
    assert "Ir. Contoh" in text and "Mengetahui" in text
    assert "Tugas Atributif" in text


def test_bar_chart_scales_bars_and_escapes_labels():
    svg = bar_chart_svg(
        [Series("A & B <x>", 50, 25), Series("Penuh", 100)], max_value=100, value_label="Nilai"
    )

    widths = [float(w) for w in re.findall(r'class="bar" x="\d+" y="\d+" width="([\d.]+)"', svg)]
    assert widths == [180.0, 360.0]
    assert "A &amp; B &lt;x&gt;" in svg
    assert svg.count('class="average"') == 1
    assert "<script" not in svg


def test_bar_chart_clamps_out_of_range_values():
    svg = bar_chart_svg([Series("Lebih", 150), Series("Minus", -5)], max_value=100)

    widths = [float(w) for w in re.findall(r'class="bar" x="\d+" y="\d+" width="([\d.]+)"', svg)]
    assert widths == [360.0, 0.0]


def test_radar_chart_has_value_and_average_polygons():
    series = [Series(f"Aspek {i}", 60 + i, 50) for i in range(6)]

    svg = radar_chart_svg(series, max_value=100, title="Rapor")

    assert svg.count('class="value"') == 1
    assert svg.count('class="average"') == 1
    assert radar_chart_svg(series, max_value=100) == radar_chart_svg(series, max_value=100)


def test_render_pdf_template_function_exists():
    assert callable(render_pdf)
