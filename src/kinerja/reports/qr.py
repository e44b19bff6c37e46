"""QR codes drawn as inline SVG, for certificates and the survey's counter poster."""

from __future__ import annotations

import re

import qrcode
import qrcode.image.svg


def qr_svg(data: str) -> str:
    """``data`` as an inline SVG QR code (no ``<?xml`` prologue), sized by the stylesheet."""
    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=0,
    )
    svg = image.to_string(encoding="unicode")
    # The factory writes a size in mm; drop it so the stylesheet decides (viewBox keeps ratio).
    return re.sub(r'^<svg width="[^"]*" height="[^"]*"', '<svg class="qr"', svg, count=1)
