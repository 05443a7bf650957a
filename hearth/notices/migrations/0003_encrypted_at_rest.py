# Encrypt at rest: the column becomes an EncryptedTextField; rows already stored are encrypted in place.

import hearth.core.fields
from django.db import migrations

from hearth.core.migration_ops import encrypt_existing


class Migration(migrations.Migration):

    dependencies = [
        ('notices', '0002_webhook_channels'),
    ]

    operations = [
        migrations.AlterField(
            model_name='webhookchannel',
            name='secret',
            field=hearth.core.fields.EncryptedTextField(blank=True, verbose_name='signing secret'),
        ),
        encrypt_existing('notices', 'webhookchannel', 'secret'),
    ]
