import pytest


@pytest.fixture
def world(demo):
    """A department of Hà Nội with two communes below it, a same-level body and another province's department."""
    from phoihop.commendations.tests.factories import World

    return World()
