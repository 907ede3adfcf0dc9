from django.db import migrations


def seed(apps, schema_editor):
    from phoihop.concerns.data.topics import TOPICS
    from phoihop.opinions.data import POLICY_TOPICS

    Topic = apps.get_model("concerns", "Topic")
    OpinionTopic = apps.get_model("opinions", "OpinionTopic")
    for i, (code, name, _children) in enumerate(TOPICS):
        OpinionTopic.objects.update_or_create(
            code=f"lv.{code}",
            defaults={"name": name, "kind": "concern", "order": i * 10, "concern_topic": Topic.objects.get(code=code)},
        )
    for i, (code, name) in enumerate(POLICY_TOPICS):
        OpinionTopic.objects.update_or_create(
            code=code, defaults={"name": name, "kind": "policy", "order": 500 + i * 10}
        )


def unseed(apps, schema_editor):
    apps.get_model("opinions", "OpinionTopic").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("opinions", "0001_collaborators_reports_months"),
        ("concerns", "0002_topics_sla_search"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
