"""What the cycles app tells the layers above it, without importing them.

``participants_changed`` (sent with ``cycle=``): a participant's status or category changed, so
the ranks may have (the results app re-ranks the cycle; docs/architecture.md). It is sent inside
the change's transaction, and a receiver may refuse the change by raising ``ValidationError``
(the results app does while the results are determined): the sender's transaction rolls back.
"""

from django.dispatch import Signal

participants_changed = Signal()
