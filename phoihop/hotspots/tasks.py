"""Background job of hot spots: the hourly recomputation (registered in hotspots/apps.py)."""

from django.tasks import task


@task
def recompute() -> dict:
    from phoihop.hotspots import services

    return services.hotspots_recompute()
