"""Fixtures for the web page tests: the personas of tests.factories.build_world, an NRM referral
with no crime (an alert), and a client signed in as any persona."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from tests import factories
from tests.factories import World

from lantern.core.models import User
from lantern.nrm.models import NrmReferral
from lantern.people.models import Person


@dataclass
class WebWorld(World):
    """The shared world plus an NRM referral with no crime recorded (an alert)."""

    referral: NrmReferral
    referred_person: Person

    @property
    def world(self) -> World:
        return self


@pytest.fixture
def web(db: None) -> WebWorld:
    world = factories.build_world()
    referred = factories.person("Tesfay", "Gebremedhin")
    now = timezone.now()
    referral = NrmReferral.objects.create(
        reference="NRM-2026-00042",
        reference_normalised="NRM202600042",
        person=referred,
        force=world.wmp,
        first_responder="Riverstone Survivor Support Trust",
        referred_at=now - timedelta(days=3),
        received_at=now - timedelta(days=2),
    )
    fields = {f.name: getattr(world, f.name) for f in dataclasses.fields(World)}
    return WebWorld(**fields, referral=referral, referred_person=referred)


@pytest.fixture
def as_user(client: Client) -> Callable[[User], Client]:
    def sign_in(user: User) -> Client:
        client.force_login(user)
        return client

    return sign_in
