# Survey answers are encrypted at rest, like case notes: the column becomes text holding one token per response.

import hearth.core.fields
from django.db import migrations

from hearth.core.migration_ops import encrypt_existing


class Migration(migrations.Migration):

    dependencies = [
        ('assessments', '0002_campaign_people_purpose'),
    ]

    operations = [
        migrations.AlterField(
            model_name='response',
            name='answers',
            field=hearth.core.fields.EncryptedJSONField(default=dict),
        ),
        encrypt_existing('assessments', 'response', 'answers'),
    ]
