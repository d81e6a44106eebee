from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0001_reports_outbox'),
    ]

    operations = [
        migrations.AddField(
            model_name='report',
            name='signer',
            field=models.CharField(blank=True, max_length=300, verbose_name='người ký số'),
        ),
        migrations.AddField(
            model_name='report',
            name='signed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='ký số lúc'),
        ),
        migrations.AddField(
            model_name='report',
            name='signing_certificate_sha256',
            field=models.CharField(blank=True, max_length=64, verbose_name='SHA-256 của chứng thư ký số'),
        ),
        migrations.AddIndex(
            model_name='report',
            index=models.Index(fields=['sha256'], name='report_sha256'),
        ),
    ]
