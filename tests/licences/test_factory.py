from dataclasses import replace

import pytest

from hallapp.licences import HttpLicenceProvider, LocalLicenceRegistry, make_provider
from hallapp.services.settings import CounterSettings


def test_off_means_no_provider(app_context):
    assert make_provider(replace(CounterSettings(), licence_source="off"), app_context.uow) is None


def test_local_registry_by_default(demo_registry):
    provider = make_provider(CounterSettings(), demo_registry.uow)
    assert isinstance(provider, LocalLicenceRegistry)
    assert provider.lookup("440310198506120315", ["household_register"])[0].holder_name == "陈晓明"


def test_http_with_the_configured_url_timeout_and_retries(app_context):
    settings = replace(
        CounterSettings(),
        licence_source="http",
        licence_url="http://10.1.2.3:8080/elicence/",
        licence_timeout_ms=2500,
        licence_retries=2,
    )
    provider = make_provider(settings, app_context.uow)
    assert isinstance(provider, HttpLicenceProvider)
    assert provider.url == "http://10.1.2.3:8080/elicence/licences/query"
    assert provider.timeout_s == 2.5 and provider.retries == 2


def test_an_unknown_source_is_a_programming_error(app_context):
    with pytest.raises(ValueError):
        make_provider(replace(CounterSettings(), licence_source="ldap"), app_context.uow)
