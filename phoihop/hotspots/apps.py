import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def on_concern_received(sender, concern_id=None, **kwargs):
    """A concern was recorded (after its transaction committed): a grave one opens its warning at once.
    Never lets an error reach the intake: the hourly recomputation catches up on what failed here."""
    import logging

    try:
        from phoihop.hotspots.rules import rules
        from phoihop.hotspots.services import hotspot_from_concern, severe_kind

        if "severity" in kwargs and severe_kind(kwargs["severity"], kwargs.get("mass_complaint"), rules()) is None:
            return  # an ordinary concern: nothing to open, no query
        if concern_id is not None:
            hotspot_from_concern(concern_id)
    except Exception:
        logging.getLogger("phoihop.hotspots").exception("hot spot check failed for concern %s", concern_id)


class HotspotsConfig(AppConfig):
    name = "phoihop.hotspots"
    label = "hotspots"
    verbose_name = _("Điểm nóng")

    def ready(self):
        from phoihop.concerns.signals import concern_received
        from phoihop.hotspots import tasks
        from phoihop.notifications.schedule import periodic

        concern_received.connect(on_concern_received, dispatch_uid="hotspots.on_concern_received")
        periodic("hotspots.recompute", tasks.recompute, every=dt.timedelta(hours=1))
