"""What the cycles app tells the layers above it, without importing them.

``participants_changed`` (sent with ``cycle=``): a participant's status or category changed, so
the ranks may have (the results app re-ranks the cycle; docs/architecture.md).
"""

from django.dispatch import Signal

participants_changed = Signal()
