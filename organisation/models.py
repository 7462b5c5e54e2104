from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Department(models.Model):
    """An org unit. Its members are the users of its auth group, so guardian group
    permissions grant a whole department access to a confidential document.

    Moved here from documents without moving data: the tables keep their first names."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("head"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_departments",
    )
    group = models.OneToOneField(Group, on_delete=models.PROTECT, editable=False)
    history = HistoricalRecords(table_name="documents_historicaldepartment")

    class Meta:
        db_table = "documents_department"
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return f"{self.code} – {self.name}"

    def save(self, *args, **kwargs):
        if not self.group_id:
            self.group, _created = Group.objects.get_or_create(name=f"dept:{self.code}")
        super().save(*args, **kwargs)

    @property
    def members(self):
        return self.group.user_set

    def clean(self):
        node = self.parent
        while node is not None:
            if node.pk == self.pk:
                raise ValidationError({"parent": _("A department cannot be its own ancestor.")})
            node = node.parent
