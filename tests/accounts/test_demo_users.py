"""``ensure_user``: the demo world's idempotent users, their shared password hashed once."""

from django.contrib.auth.hashers import make_password

from kinerja.accounts.models import User
from kinerja.accounts.services import create_user, ensure_user

from ..conftest import PASSWORD


def test_ensure_user_creates_once_and_never_resets(db):
    first = ensure_user(username="demo.a", password=PASSWORD, full_name="Demo A")
    first.set_password("changed-by-the-person")
    first.save()

    again = ensure_user(username="demo.a", password=PASSWORD, full_name="Other")

    assert again.pk == first.pk
    assert again.full_name == "Demo A"
    assert again.check_password("changed-by-the-person")


def test_demo_users_of_one_password_share_one_hash_that_checks(db):
    a = ensure_user(username="demo.a", password=PASSWORD)
    b = ensure_user(username="demo.b", password=PASSWORD)
    c = ensure_user(username="demo.c", password="another-documented-password")

    assert a.password == b.password != c.password
    assert a.check_password(PASSWORD) and b.check_password(PASSWORD)
    assert c.check_password("another-documented-password")
    assert not a.check_password("another-documented-password")
    assert User.objects.filter(username__startswith="demo.").count() == 3


def test_create_user_with_a_given_hash_keeps_it(db):
    hashed = make_password("the-real-one")

    user = create_user(username="x", password="not-used", password_hash=hashed)

    assert user.password == hashed
    assert user.check_password("the-real-one")
    assert not user.check_password("not-used")
