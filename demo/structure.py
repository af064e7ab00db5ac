"""The Demo Borough's partnership: organisations, family hubs, teams and practitioners.

Everything here is fixed (it does not depend on the seed), so the well-known demo sign-ins and
the agencies they belong to are always the same. Phone numbers are in Ofcom's ranges reserved
for drama (020 7946 0xxx, 0113 496 0xxx, 07700 900xxx); email domains end in .example.
"""

from __future__ import annotations

from dataclasses import dataclass

from organisations.models import Designation, OrganisationType, Role

DEMO_PASSWORD = "FamilyHub-demo-2026"  # noqa: S105 - printed on purpose: demo-only accounts
DEMO_EMAIL_DOMAIN = "demo.familyhub.test"
ADMIN_EMAIL = f"admin@{DEMO_EMAIL_DOMAIN}"
LOCALITIES = ("North", "East", "South", "West")


@dataclass(frozen=True)
class OrgSpec:
    key: str
    name: str
    org_type: str
    code: str
    phone: str
    email: str
    address: str
    locality: str = ""


@dataclass(frozen=True)
class HubSpec:
    key: str
    name: str
    locality: str
    address: str
    phone: str
    main: str | None = None  # key of the main site, for spokes


@dataclass(frozen=True)
class TeamSpec:
    key: str
    name: str
    org: str
    locality: str = ""
    hub: str | None = None


@dataclass(frozen=True)
class PractitionerSpec:
    key: str
    email: str
    full_name: str
    org: str
    team: str | None
    role: str
    job_title: str
    designations: tuple[str, ...] = ()
    manages: tuple[str, ...] = ()
    is_staff: bool = False
    well_known: bool = False


T = OrganisationType
_TOWN = "Demo Borough"

# The tables below are kept one record per line or two, so they read as tables.
# fmt: off

ORGANISATIONS: tuple[OrgSpec, ...] = (
    OrgSpec("csc", "Demo Borough Children's Social Care", T.CHILDRENS_SOCIAL_CARE, "999",
            "020 7946 0100", "childrens.services@demoborough.example",
            f"Civic Centre, 1 Market Street, {_TOWN} DB1 1AA"),
    OrgSpec("eh", "Demo Borough Family Hubs (early help)", T.EARLY_HELP, "999-EH",
            "020 7946 0110", "familyhubs@demoborough.example",
            f"Northgate Family Hub, 12 Library Way, {_TOWN} DB1 2AB"),
    OrgSpec("northgate_primary", "Northgate Primary School", T.SCHOOL, "999/2001",
            "020 7946 0201", "office@northgateprimary.example",
            f"Chapel Street, Northgate, {_TOWN} DB1 3BD", "North"),
    OrgSpec("st_annes", "St Anne's Church of England Primary School", T.SCHOOL, "999/3301",
            "020 7946 0202", "admin@stannesprimary.example",
            f"Church Lane, Southfields, {_TOWN} DB5 2DE", "South"),
    OrgSpec("eastfield", "Eastfield Academy", T.SCHOOL, "999/4001",
            "020 7946 0203", "info@eastfieldacademy.example",
            f"Kingsmead Road, Eastfield, {_TOWN} DB3 4FG", "East"),
    OrgSpec("westbrook", "Westbrook High School", T.SCHOOL, "999/4002",
            "020 7946 0204", "enquiries@westbrookhigh.example",
            f"Parkview Avenue, Westbrook, {_TOWN} DB7 1HJ", "West"),
    OrgSpec("little_oaks", "Little Oaks Nursery School", T.SCHOOL, "999/1001",
            "020 7946 0205", "hello@littleoaksnursery.example",
            f"Millbrook Lane, Millbrook, {_TOWN} DB2 5LN", "North"),
    OrgSpec("riverside_nursery", "Riverside Community Nursery", T.SCHOOL, "999/1002",
            "020 7946 0206", "nursery@riversidecommunity.example",
            f"Water Street, Riverside, {_TOWN} DB4 2PQ", "East"),
    OrgSpec("hv", "Demo Community Health NHS Trust – Health Visiting", T.HEALTH_VISITING, "RZZ",
            "0113 496 0300", "hv.demoborough@democommunityhealth.example",
            f"Kingsmead Health Centre, 4 Station Road, {_TOWN} DB3 1RS"),
    OrgSpec("gp_northgate", "Northgate Medical Centre", T.GP_PRACTICE, "Y99001",
            "020 7946 0311", "reception@northgatemedical.example",
            f"40 High Street, Northgate, {_TOWN} DB1 4TU", "North"),
    OrgSpec("gp_riverside", "Riverside Surgery", T.GP_PRACTICE, "Y99002",
            "020 7946 0312", "admin@riversidesurgery.example",
            f"2 Canal Walk, Riverside, {_TOWN} DB4 6WX", "East"),
    OrgSpec("gp_parkview", "Parkview Health Centre", T.GP_PRACTICE, "Y99003",
            "020 7946 0313", "contact@parkviewhealth.example",
            f"Parkview Road, Parkview, {_TOWN} DB8 3YZ", "West"),
    OrgSpec("midwifery", "Demo Borough Hospital Maternity Service", T.MIDWIFERY, "RZZ02",
            "0113 496 0320", "maternity@demoboroughhospital.example",
            f"Demo Borough Hospital, Hospital Road, {_TOWN} DB6 1AB"),
    OrgSpec("amh", "Demo Borough Adult Mental Health Service", T.ADULT_MENTAL_HEALTH, "RZZ03",
            "0113 496 0330", "cmht@demomentalhealth.example",
            f"Oakwood House, 9 Priory Road, {_TOWN} DB5 4DE"),
    OrgSpec("drugs", "Demo Recovery Partnership (drug and alcohol)", T.DRUG_AND_ALCOHOL, "DRP",
            "020 7946 0340", "hello@demorecovery.example",
            f"The Recovery Hub, 15 Union Street, {_TOWN} DB3 2FG"),
    OrgSpec("da", "Demo Borough Domestic Abuse Service", T.DOMESTIC_ABUSE, "DBDAS",
            "020 7946 0350", "referrals@demodomesticabuse.example",
            "Address withheld (confidential service)"),
    OrgSpec("housing", "Demo Borough Housing Options", T.HOUSING, "999-HO",
            "020 7946 0360", "housing.options@demoborough.example",
            f"Civic Centre, 1 Market Street, {_TOWN} DB1 1AA"),
    OrgSpec("police", "Demo Constabulary – Public Protection", T.POLICE, "DBPOL",
            "0113 496 0370", "public.protection@democonstabulary.example",
            f"Demo Borough Police Station, Victoria Road, {_TOWN} DB6 3HJ"),
    OrgSpec("jcp", "Demo Borough Jobcentre Plus", T.JOB_CENTRE, "JCP-DB",
            "0113 496 0380", "demoborough.jcp@dwp-demo.example",
            f"Jobcentre Plus, 22 Regent Street, {_TOWN} DB7 2KL"),
    OrgSpec("vol_family_support", "Demo Borough Family Support Trust", T.VOLUNTARY, "1999001",
            "020 7946 0390", "hello@demofamilysupport.example",
            f"The Old School, School Lane, {_TOWN} DB2 6MN"),
    OrgSpec("vol_young_carers", "Demo Borough Young Carers", T.VOLUNTARY, "1999002",
            "020 7946 0391", "info@demoyoungcarers.example",
            f"Unit 4, Canal Side, {_TOWN} DB4 7PQ"),
)

HUBS: tuple[HubSpec, ...] = (
    HubSpec("hub_north", "Northgate Family Hub", "North",
            f"12 Library Way, Northgate, {_TOWN} DB1 2AB", "020 7946 0410"),
    HubSpec("hub_north_millbrook", "Millbrook Library (North spoke)", "North",
            f"Millbrook Library, Mill Road, {_TOWN} DB2 1QR", "020 7946 0411", "hub_north"),
    HubSpec("hub_north_ashby", "Ashby Green Children's Centre (North spoke)", "North",
            f"Ashby Green, Holly Close, {_TOWN} DB2 4ST", "020 7946 0412", "hub_north"),
    HubSpec("hub_east", "Eastfield Family Hub", "East",
            f"3 Kingsmead Road, Eastfield, {_TOWN} DB3 4FH", "020 7946 0420"),
    HubSpec("hub_east_riverside", "Riverside Community Centre (East spoke)", "East",
            f"Riverside Community Centre, Water Street, {_TOWN} DB4 2PR", "020 7946 0421",
            "hub_east"),
    HubSpec("hub_east_dockside", "Dockside Library (East spoke)", "East",
            f"Dockside Library, Canal Walk, {_TOWN} DB4 8UW", "020 7946 0422", "hub_east"),
    HubSpec("hub_south", "Southfields Family Hub", "South",
            f"Southfields Park, Meadow Lane, {_TOWN} DB5 1XY", "020 7946 0430"),
    HubSpec("hub_south_oakwood", "Oakwood Children's Centre (South spoke)", "South",
            f"Oakwood Children's Centre, Rowan Way, {_TOWN} DB6 2AB", "020 7946 0431",
            "hub_south"),
    HubSpec("hub_west", "Westbrook Family Hub", "West",
            f"8 Parkview Avenue, Westbrook, {_TOWN} DB7 1HL", "020 7946 0440"),
    HubSpec("hub_west_parkview", "Parkview Library (West spoke)", "West",
            f"Parkview Library, Park Road, {_TOWN} DB8 3DE", "020 7946 0441", "hub_west"),
    HubSpec("hub_west_lindley", "Lindley Community Centre (West spoke)", "West",
            f"Lindley Community Centre, Elm Grove, {_TOWN} DB8 5FG", "020 7946 0442",
            "hub_west"),
)
EVENING_WEEKEND_PHONE = "020 7946 0999"  # emergency duty team, out of hours

TEAMS: tuple[TeamSpec, ...] = (
    TeamSpec("eh_north", "North early help team", "eh", "North", "hub_north"),
    TeamSpec("eh_east", "East early help team", "eh", "East", "hub_east"),
    TeamSpec("eh_south", "South early help team", "eh", "South", "hub_south"),
    TeamSpec("eh_west", "West early help team", "eh", "West", "hub_west"),
    TeamSpec("csc_mash", "Front Door (MASH) team", "csc"),
    TeamSpec("csc_assessment", "Assessment team", "csc"),
    TeamSpec("csc_cp", "Child protection team", "csc"),
    TeamSpec("school_northgate", "Northgate Primary safeguarding team", "northgate_primary",
             "North"),
    TeamSpec("school_st_annes", "St Anne's safeguarding team", "st_annes", "South"),
    TeamSpec("school_eastfield", "Eastfield Academy safeguarding team", "eastfield", "East"),
    TeamSpec("hv_ne", "North and East health visiting team", "hv", "North"),
    TeamSpec("hv_sw", "South and West health visiting team", "hv", "South"),
    TeamSpec("midwifery", "Community midwifery team", "midwifery"),
    TeamSpec("amh", "Community mental health team", "amh"),
    TeamSpec("drugs", "Family recovery team", "drugs"),
    TeamSpec("da", "IDVA team", "da"),
    TeamSpec("housing", "Housing options team", "housing"),
    TeamSpec("police", "Public protection unit", "police"),
    TeamSpec("jcp", "Work coach team", "jcp"),
    TeamSpec("vol_family_support", "Family support volunteers", "vol_family_support"),
)

D = Designation
R = Role


def _p(key, local, name, org, team, role, title, designations=(), manages=(), **kw):
    return PractitionerSpec(key, f"{local}@{DEMO_EMAIL_DOMAIN}", name, org, team, role, title,
                            tuple(designations), tuple(manages), **kw)


PRACTITIONERS: tuple[PractitionerSpec, ...] = (
    # The well-known demo sign-ins (see the table printed by `familyhub demo`).
    _p("family_worker", "family.worker", "Jess Thornton", "eh", "eh_north", R.FAMILY_WORKER,
       "Family worker", [D.LEAD_PRACTITIONER], well_known=True),
    _p("social_worker", "social.worker", "Sam Okonkwo", "csc", "csc_assessment",
       R.SOCIAL_WORKER, "Social worker", well_known=True),
    _p("teacher", "teacher", "Priya Desai", "northgate_primary", "school_northgate", R.PARTNER,
       "Deputy headteacher and designated safeguarding lead", [D.DSL], well_known=True),
    _p("health_visitor", "health.visitor", "Megan Hughes", "hv", "hv_ne", R.PARTNER,
       "Health visitor", well_known=True),
    _p("front_door", "front.door", "Marcus Reid", "csc", "csc_mash", R.FRONT_DOOR,
       "Front door practitioner (MASH)", well_known=True),
    _p("manager", "manager", "Ruth Ashworth", "eh", "eh_north", R.TEAM_MANAGER,
       "Early help team manager (North)", manages=["eh_north"], well_known=True),
    _p("hub_coordinator", "hub.coordinator", "Tariq Mahmood", "eh", "eh_north",
       R.HUB_COORDINATOR, "Family hub coordinator (Northgate)", well_known=True),
    _p("ig_officer", "ig.officer", "Helen Brennan", "csc", None, R.IG_OFFICER,
       "Information governance officer", well_known=True),
    _p("admin", "admin", "Alex Kowalczyk", "eh", None, R.ADMIN,
       "FamilyHub system administrator", is_staff=True, well_known=True),
    _p("data_officer", "data.officer", "Dana Whitfield", "eh", None, R.DATA_OFFICER,
       "Data officer (partner data and record matching)", well_known=True),
    # Colleagues in the local authority.
    _p("north_fw2", "kayleigh.barker", "Kayleigh Barker", "eh", "eh_north", R.FAMILY_WORKER,
       "Family worker"),
    _p("east_fw", "kwame.mensah", "Kwame Mensah", "eh", "eh_east", R.FAMILY_WORKER,
       "Senior family worker", [D.LEAD_PRACTITIONER]),
    _p("south_fw", "anna.nowak", "Anna Nowak", "eh", "eh_south", R.FAMILY_WORKER,
       "Family worker"),
    _p("west_fw", "declan.murphy", "Declan Murphy", "eh", "eh_west", R.FAMILY_WORKER,
       "Family worker", [D.LEAD_PRACTITIONER]),
    _p("south_manager", "sunita.patel", "Sunita Patel", "eh", "eh_south", R.TEAM_MANAGER,
       "Early help team manager (South and West)", manages=["eh_south", "eh_west"]),
    _p("embedded_sw", "chloe.edwards", "Chloe Edwards", "csc", "eh_east", R.SOCIAL_WORKER,
       "Social worker (embedded in Eastfield Family Hub)", [D.EMBEDDED_SOCIAL_WORKER]),
    _p("assess_sw2", "ioana.popescu", "Ioana Popescu", "csc", "csc_assessment",
       R.SOCIAL_WORKER, "Social worker"),
    _p("cp_sw", "david.campbell", "David Campbell", "csc", "csc_cp", R.SOCIAL_WORKER,
       "Senior social worker (child protection)"),
    _p("csc_manager", "fiona.walsh", "Fiona Walsh", "csc", "csc_assessment", R.TEAM_MANAGER,
       "Service manager, assessment and child protection",
       manages=["csc_assessment", "csc_cp"]),
    _p("caldicott", "graham.pickering", "Graham Pickering", "csc", None, R.IG_OFFICER,
       "Caldicott guardian and head of quality assurance", [D.CALDICOTT_GUARDIAN]),
    # Partner agencies.
    _p("dsl_st_annes", "claire.metcalfe", "Claire Metcalfe", "st_annes", "school_st_annes",
       R.PARTNER, "Designated safeguarding lead", [D.DSL]),
    _p("dsl_eastfield", "tunde.balogun", "Tunde Balogun", "eastfield", "school_eastfield",
       R.PARTNER, "Assistant headteacher (safeguarding)", [D.DSL]),
    _p("hv2", "rachel.lomax", "Rachel Lomax", "hv", "hv_sw", R.PARTNER, "Health visitor"),
    _p("gp", "imran.siddiqui", "Dr Imran Siddiqui", "gp_northgate", None, R.PARTNER,
       "GP and practice safeguarding lead"),
    _p("midwife", "siobhan.keane", "Siobhan Keane", "midwifery", "midwifery", R.PARTNER,
       "Community midwife"),
    _p("amh", "olumide.adewale", "Olumide Adewale", "amh", "amh", R.PARTNER,
       "Community psychiatric nurse"),
    _p("drugs", "lisa.heywood", "Lisa Heywood", "drugs", "drugs", R.PARTNER,
       "Recovery worker (families)"),
    _p("idva", "amina.farah", "Amina Farah", "da", "da", R.PARTNER,
       "Independent domestic violence adviser (IDVA)"),
    _p("housing", "mark.sutcliffe", "Mark Sutcliffe", "housing", "housing", R.PARTNER,
       "Housing officer"),
    _p("police", "emma.fletcher", "Emma Fletcher", "police", "police", R.PARTNER,
       "Detective constable, public protection unit"),
    _p("jcp", "gurpreet.sandhu", "Gurpreet Sandhu", "jcp", "jcp", R.PARTNER, "Work coach"),
    _p("vol", "maria.santos", "Maria Santos", "vol_family_support", "vol_family_support",
       R.PARTNER, "Family support coordinator"),
)

# fmt: on

PRACTITIONER_BY_KEY = {p.key: p for p in PRACTITIONERS}
ORG_BY_KEY = {o.key: o for o in ORGANISATIONS}
TEAM_BY_KEY = {t.key: t for t in TEAMS}
WELL_KNOWN = tuple(p for p in PRACTITIONERS if p.well_known)


def practitioner_phones(index: int) -> tuple[str, str]:
    """Desk phone and mobile for the n-th practitioner, both in the drama ranges."""
    return f"020 7946 {500 + index:04d}", f"07700 900{100 + index:03d}"
