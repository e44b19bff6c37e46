from django import template

from kinerja.common.uploads.display import format_size
from kinerja.common.uploads.kinds import allowed_kinds, kind_for_content_type

register = template.Library()


@register.filter
def accept_attr(slot) -> str:
    """The file input's ``accept`` for an evidence slot (a hint only; the server decides)."""
    return ",".join(ext for kind in allowed_kinds(slot.kinds or None) for ext in kind.extensions)


@register.filter
def kinds_label(slot) -> str:
    return ", ".join(str(kind.label) for kind in allowed_kinds(slot.kinds or None))


@register.filter
def previewable(file) -> bool:
    kind = kind_for_content_type(file.content_type)
    return bool(kind and kind.inline)


@register.filter
def is_image(file) -> bool:
    return file.content_type.startswith("image/")


@register.filter
def filesize(size: int) -> str:
    return format_size(size)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")
