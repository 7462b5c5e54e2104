"""NumberSequence now belongs to qms (the one allocator, qms.sequences); its rows stay
where they are. Only Django's state changes: no table, column or row is touched."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0006_department_moves_to_organisation"),
        ("qms", "0001_initial"),
    ]
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="NumberSequence")],
            database_operations=[],
        ),
    ]
