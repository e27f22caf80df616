"""Django's own admin is not served: its login would be a second door, and nothing needs it."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/django-admin/", "/django-admin/login/", "/django-admin/auth/user/"]
)
def test_djangos_admin_is_gone_even_for_a_superuser(client, django_user_model, path):
    anonymous = client.post(path, {"username": "admin", "password": "guess"})
    assert anonymous.status_code == 404
    client.force_login(django_user_model.objects.create_superuser("chief", password="pw"))
    assert client.get(path).status_code == 404
