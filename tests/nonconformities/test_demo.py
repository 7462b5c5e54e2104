import pytest
from django.core.management import call_command

from nonconformities.models import Feedback, Nonconformity


@pytest.mark.django_db
def test_demo_data_loads_twice_without_duplicates():
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo_nonconformities", verbosity=0)
    call_command("seed_demo_nonconformities", verbosity=0)
    assert Nonconformity.objects.count() == 3
    assert Feedback.objects.count() == 3
    assert Nonconformity.objects.filter(status="closed").count() == 1
