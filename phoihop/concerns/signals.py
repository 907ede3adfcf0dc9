"""Signals other parts listen to (hot spots): sent after the transaction that recorded a concern commits."""

from django.dispatch import Signal

concern_received = Signal()  # kwargs: concern_id, severity, mass_complaint
