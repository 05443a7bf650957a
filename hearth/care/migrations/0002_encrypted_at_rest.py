# Encrypt at rest: the column becomes an EncryptedTextField; rows already stored are encrypted in place.

import hearth.core.fields
from django.db import migrations

from hearth.core.migration_ops import encrypt_existing


class Migration(migrations.Migration):

    dependencies = [
        ('care', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='supportrequest',
            name='message',
            field=hearth.core.fields.EncryptedTextField(blank=True, verbose_name='anything you would like to tell us first (optional)'),
        ),
        encrypt_existing('care', 'supportrequest', 'message'),
    ]
