"""Reference data every Lantern database holds.

FORCES: the 43 territorial police forces of England and Wales (domain.md section 8.4) and British
Transport Police. The code is Lantern's short code for the force (unique, at most 8 characters):
it is shown before a crime reference ("WMP 20/123456/25") and is the issuer of the force's
references. Codes follow the abbreviations forces commonly use for themselves; they are not an
official national list. Loaded by migration core.0003_load_forces.

ORGANISATIONS: organisations whose staff use Lantern beside the police. The advocacy charities are
invented names (synthetic data, no real charity); local authorities, the Crown Prosecution Service
and the Home Office are public bodies. The demo data generator creates them.
"""

from __future__ import annotations

from typing import NamedTuple


class ForceData(NamedTuple):
    code: str
    name: str
    country: str  # england, wales or gb (British Transport Police)
    territorial: bool


FORCES: tuple[ForceData, ...] = (
    ForceData("ASC", "Avon and Somerset Constabulary", "england", True),
    ForceData("BEDS", "Bedfordshire Police", "england", True),
    ForceData("CAMBS", "Cambridgeshire Constabulary", "england", True),
    ForceData("CHESH", "Cheshire Constabulary", "england", True),
    ForceData("COLP", "City of London Police", "england", True),
    ForceData("CLEV", "Cleveland Police", "england", True),
    ForceData("CUMB", "Cumbria Constabulary", "england", True),
    ForceData("DERBY", "Derbyshire Constabulary", "england", True),
    ForceData("DCP", "Devon and Cornwall Police", "england", True),
    ForceData("DORSET", "Dorset Police", "england", True),
    ForceData("DURHAM", "Durham Constabulary", "england", True),
    ForceData("DPP", "Dyfed-Powys Police", "wales", True),
    ForceData("ESSEX", "Essex Police", "england", True),
    ForceData("GLOS", "Gloucestershire Constabulary", "england", True),
    ForceData("GMP", "Greater Manchester Police", "england", True),
    ForceData("GWENT", "Gwent Police", "wales", True),
    ForceData("HIOWC", "Hampshire and Isle of Wight Constabulary", "england", True),
    ForceData("HERTS", "Hertfordshire Constabulary", "england", True),
    ForceData("HUMBS", "Humberside Police", "england", True),
    ForceData("KENT", "Kent Police", "england", True),
    ForceData("LANCS", "Lancashire Constabulary", "england", True),
    ForceData("LEICS", "Leicestershire Police", "england", True),
    ForceData("LINCS", "Lincolnshire Police", "england", True),
    ForceData("MERPOL", "Merseyside Police", "england", True),
    ForceData("MPS", "Metropolitan Police Service", "england", True),
    ForceData("NORF", "Norfolk Constabulary", "england", True),
    ForceData("NWP", "North Wales Police", "wales", True),
    ForceData("NYP", "North Yorkshire Police", "england", True),
    ForceData("NHANTS", "Northamptonshire Police", "england", True),
    ForceData("NORTHUM", "Northumbria Police", "england", True),
    ForceData("NOTTS", "Nottinghamshire Police", "england", True),
    ForceData("SWP", "South Wales Police", "wales", True),
    ForceData("SYP", "South Yorkshire Police", "england", True),
    ForceData("STAFFS", "Staffordshire Police", "england", True),
    ForceData("SUFF", "Suffolk Constabulary", "england", True),
    ForceData("SURREY", "Surrey Police", "england", True),
    ForceData("SUSSEX", "Sussex Police", "england", True),
    ForceData("TVP", "Thames Valley Police", "england", True),
    ForceData("WARKS", "Warwickshire Police", "england", True),
    ForceData("WMERC", "West Mercia Police", "england", True),
    ForceData("WMP", "West Midlands Police", "england", True),
    ForceData("WYP", "West Yorkshire Police", "england", True),
    ForceData("WILTS", "Wiltshire Police", "england", True),
    ForceData("BTP", "British Transport Police", "gb", False),
)

FORCE_BY_CODE: dict[str, ForceData] = {force.code: force for force in FORCES}


class OrganisationData(NamedTuple):
    name: str
    kind: str  # an Organisation.Kind value


CPS_NAME = "Crown Prosecution Service"
HOME_OFFICE_NAME = "Home Office"

ORGANISATIONS: tuple[OrganisationData, ...] = (
    # Advocacy and support charities: invented names.
    OrganisationData("Amberlight Survivor Advocacy", "advocacy"),
    OrganisationData("Kestrel Independent Advocacy Service", "advocacy"),
    OrganisationData("Riverstone Survivor Support Trust", "advocacy"),
    OrganisationData("Northgate Freedom Network", "advocacy"),
    OrganisationData("Open Harbour Advocacy", "advocacy"),
    OrganisationData("Wrenfield Trust for Survivors of Exploitation", "advocacy"),
    # Local authorities (children's and adult social care are first responders).
    OrganisationData("Birmingham City Council", "local_authority"),
    OrganisationData("Coventry City Council", "local_authority"),
    OrganisationData("Westminster City Council", "local_authority"),
    OrganisationData("Leeds City Council", "local_authority"),
    OrganisationData("Manchester City Council", "local_authority"),
    OrganisationData(CPS_NAME, "cps"),
    OrganisationData(HOME_OFFICE_NAME, "home_office"),
)

ADVOCACY_ORGANISATIONS: tuple[str, ...] = tuple(org.name for org in ORGANISATIONS if org.kind == "advocacy")
