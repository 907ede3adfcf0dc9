from django.db import migrations


def seed(apps, schema_editor):
    from phoihop.commendations.data import AWARD_FORMS, GOOD_MODEL_TOPICS

    AwardForm = apps.get_model("commendations", "AwardForm")
    GoodModelTopic = apps.get_model("commendations", "GoodModelTopic")
    for i, (code, name) in enumerate(AWARD_FORMS, start=1):
        AwardForm.objects.update_or_create(code=code, defaults={"name": name, "order": i * 10})
    for i, (code, name) in enumerate(GOOD_MODEL_TOPICS, start=1):
        GoodModelTopic.objects.update_or_create(code=code, defaults={"name": name, "order": i * 10})


def unseed(apps, schema_editor):
    apps.get_model("commendations", "AwardForm").objects.all().delete()
    apps.get_model("commendations", "GoodModelTopic").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("commendations", "0001_commendations_good_models")]

    operations = [migrations.RunPython(seed, unseed)]
