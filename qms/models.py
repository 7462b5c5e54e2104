from django.db import models


class NumberSequence(models.Model):
    """Last number handed out per series key; only ever goes up, so numbers are never reused.

    Written only by ``qms.sequences.sequence_next``. Moved here from documents without
    moving a row: the table keeps its first name."""

    key = models.CharField(max_length=100, unique=True)
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "documents_numbersequence"

    def __str__(self):
        return f"{self.key}: {self.last_value}"
