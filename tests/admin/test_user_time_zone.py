"""Times on the admin's pages follow the viewer's time zone, named by their browser."""

import pytest
from django.urls import reverse

from config.user_time_zone import zone_named

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["Europe/Paris", "America/Argentina/Buenos_Aires", "UTC"])
def test_iana_names_are_time_zones(name):
    assert str(zone_named(name)) == name


@pytest.mark.parametrize("name", ["", "Mars/Olympus", "../../etc/passwd", "/etc/localtime",
                                  "Europe/Paris; x=1", "A" * 80])
def test_anything_else_is_not(name):
    assert zone_named(name) is None


def test_the_pages_tell_the_browser_to_name_its_zone(signed_in, cx_user):
    html = signed_in(cx_user).get(reverse("admin:index")).text

    assert 'document.cookie = "cp_tz=" + Intl.DateTimeFormat().resolvedOptions().timeZone' in html

