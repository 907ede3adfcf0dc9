from django.apps import AppConfig


class CommendationsConfig(AppConfig):
    name = "phoihop.commendations"
    label = "commendations"
    verbose_name = "Khen thưởng, mô hình hay"

    def ready(self):
        from phoihop.documents.owners import register_owner

        register_owner("commendations.goodmodel", _can_view_model_id)


def _can_view_model_id(acting, owner_id: str) -> bool:
    from phoihop.commendations.selectors import model_get
    from phoihop.core.errors import NotFound

    try:
        model_get(acting, owner_id)
    except NotFound:
        return False
    return True
