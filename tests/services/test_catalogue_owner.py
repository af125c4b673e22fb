"""Material owners from the TOML files to the database and back, and enforced at storing."""

from pathlib import Path

import pytest

from hallapp.config import SHIPPED_CATALOGUE_DIR
from hallapp.domain.catalogue import MaterialOwner
from hallapp.domain.licences import Licence
from hallapp.services.catalogue_files import CatalogueError, read_catalogue
from hallapp.services.intake import Decision, IntakeError, MaterialInput
from hallapp.services.intake_inputs import ApplicantInput
from tests.people import CLERK
from tests.services.conftest import AT
from tests.services.intake_helpers import all_received, guide_for, request, resident_id


def test_the_shipped_marriage_registration_needs_both_spouses_papers(ready_context):
    files = {g.name: g for g in read_catalogue(SHIPPED_CATALOGUE_DIR).guides}
    stored = guide_for(ready_context, "结婚登记")
    for guide in (files["结婚登记"], stored):
        both = next(m for m in guide.materials if m.name == "男女双方居民身份证")
        assert both.owner == (MaterialOwner.APPLICANT, MaterialOwner.SPOUSE) and both.licence_party is None
    assert stored == files["结婚登记"]  # nothing lost on the way through the database
    agent_id = next(m for m in guide_for(ready_context, "出生登记(户口申报)").materials if m.concerns_agent)
    assert agent_id.owner == (MaterialOwner.AGENT,)


def copy_catalogue(tmp_path: Path) -> Path:
    import shutil

    folder = tmp_path / "catalogue"
    shutil.copytree(SHIPPED_CATALOGUE_DIR, folder)
    return folder


def test_an_unknown_owner_is_named_in_the_loaders_words(tmp_path):
    folder = copy_catalogue(tmp_path)
    path = folder / "matters" / "mzj.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('owner = ["applicant", "spouse"]', 'owner = ["applicant", "wife"]'), "utf-8")
    with pytest.raises(CatalogueError) as refused:
        read_catalogue(folder)
    assert any("未知的材料所属人 'wife'" in p for p in refused.value.problems)


def test_a_catalogue_without_owners_still_loads_as_the_applicants(tmp_path):
    folder = copy_catalogue(tmp_path)
    for path in (folder / "matters").glob("*.toml"):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(x for x in lines if not x.startswith("owner = ")), "utf-8")
    guides = {g.name: g for g in read_catalogue(folder).guides}
    both = next(m for m in guides["结婚登记"].materials if m.name == "男女双方居民身份证")
    assert both.owner == (MaterialOwner.APPLICANT,)


def test_an_applicants_licence_is_refused_for_both_spouses_id_cards(hall):
    session = hall.session(CLERK)
    guide = guide_for(hall.context, "结婚登记")
    id_number = resident_id("44030819900101005")
    applicant = ApplicantInput("person", "陈晓明", id_number, "13812345678")
    materials = list(all_received(guide))
    row = next(i for i, m in enumerate(guide.materials_for({})) if m.name == "男女双方居民身份证")
    licence = Licence("resident_id_card", id_number, id_number, "陈晓明", "深圳市公安局坪山分局")
    materials[row] = MaterialInput(licence=licence)
    with pytest.raises(IntakeError) as refused:
        session.submit(request(guide, Decision.ACCEPT, tuple(materials), applicant=applicant), now=AT)
    assert "属申请人、配偶，须核验纸质材料" in str(refused.value)
    ok = request(guide, Decision.ACCEPT, applicant=applicant)
    assert session.submit(ok, now=AT).value.number
