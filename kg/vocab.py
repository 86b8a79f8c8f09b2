"""Every namespace and term ikg uses, in one place.

Code never types an IRI by hand: it imports a term from here. ``tests/test_vocab.py``
checks that each ``IKG`` term used in the code is declared in ``ontology/*.ttl``.
Terms are pyoxigraph ``NamedNode``s (the store's native type); ``rdflib_term`` converts
one for rdflib/pySHACL code.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING
from urllib.parse import quote

from pyoxigraph import NamedNode

if TYPE_CHECKING:
    import rdflib

BASE = "https://w3id.org/ikg/"
ONTOLOGY_IRI = BASE + "ontology"
ID_BASE = BASE + "id/"
GRAPH_BASE = BASE + "graph/"
SOURCE_GRAPH_BASE = GRAPH_BASE + "source/"
META_GRAPH = NamedNode(GRAPH_BASE + "meta")
STAGING_PREFIX = "urn:ikg:staging:"


class Namespace:
    """A namespace whose attributes and items are pyoxigraph NamedNodes."""

    def __init__(self, iri: str) -> None:
        self.iri = iri

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        return NamedNode(self.iri + name)

    def __getitem__(self, name: str) -> NamedNode:
        return NamedNode(self.iri + name)

    def __str__(self) -> str:
        return self.iri


IKG = Namespace(BASE + "ontology#")
ID = Namespace(ID_BASE)
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
ORG = Namespace("http://www.w3.org/ns/org#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
BIBO = Namespace("http://purl.org/ontology/bibo/")
SDO = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
SH = Namespace("http://www.w3.org/ns/shacl#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")

PREFIXES: dict[str, str] = {
    "ikg": IKG.iri,
    "id": ID.iri,
    "rdf": RDF.iri,
    "rdfs": RDFS.iri,
    "owl": OWL.iri,
    "xsd": XSD.iri,
    "skos": SKOS.iri,
    "foaf": FOAF.iri,
    "org": ORG.iri,
    "dcterms": DCTERMS.iri,
    "bibo": BIBO.iri,
    "schema": SDO.iri,
    "prov": PROV.iri,
    "sh": SH.iri,
    "void": VOID.iri,
    "dcat": DCAT.iri,
}

SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

# --- classes -------------------------------------------------------------------------
EXPERT = IKG.Expert  # rdfs:subClassOf foaf:Person
INSTITUTION = IKG.Institution  # rdfs:subClassOf org:Organization
UNIVERSITY = IKG.University
RESEARCH_INSTITUTE = IKG.ResearchInstitute
ENTERPRISE = IKG.Enterprise
GOVERNMENT_AGENCY = IKG.GovernmentAgency
LIBRARY = IKG.Library
ALLIANCE = IKG.Alliance
TECHNOLOGY = IKG.Technology  # rdfs:subClassOf skos:Concept
INDUSTRY = IKG.Industry  # rdfs:subClassOf skos:Concept
INDUSTRY_CHAIN = IKG.IndustryChain
CHAIN_SEGMENT = IKG.ChainSegment
PRODUCT = IKG.Product  # a chain item: product, material, equipment, process or service
PROVIDER = IKG.Provider
SHARE = IKG.Share
WORK = IKG.Work  # rdfs:subClassOf foaf:Document
PAPER = IKG.Paper
PATENT = IKG.Patent
PROJECT = IKG.Project
REPORT = IKG.Report
STANDARD = IKG.Standard
ACHIEVEMENT = IKG.Achievement
CONTRIBUTION = IKG.Contribution  # person's role in a work (author position, inventor, PI)
DEMAND = IKG.Demand
REGION = IKG.Region  # rdfs:subClassOf schema:Place
SOURCE = IKG.Source
MENTION = IKG.Mention  # an extracted entity mention (PROV-O provenance)
EXPERTISE = IKG.Expertise  # qualified person–technology link with weight and evidence

INSTITUTION_TYPES: dict[str, NamedNode] = {
    "university": UNIVERSITY,
    "research_institute": RESEARCH_INSTITUTE,
    "enterprise": ENTERPRISE,
    "government": GOVERNMENT_AGENCY,
    "library": LIBRARY,
    "alliance": ALLIANCE,
    "institution": INSTITUTION,
}
WORK_TYPES: dict[str, NamedNode] = {
    "paper": PAPER,
    "patent": PATENT,
    "project": PROJECT,
    "report": REPORT,
    "standard": STANDARD,
    "achievement": ACHIEVEMENT,
}
# classes counted by `ikg stats` (short name -> class); subclasses count for their parent
STATS_CLASSES: dict[str, NamedNode] = {
    "Expert": EXPERT,
    "Institution": INSTITUTION,
    "University": UNIVERSITY,
    "ResearchInstitute": RESEARCH_INSTITUTE,
    "Enterprise": ENTERPRISE,
    "GovernmentAgency": GOVERNMENT_AGENCY,
    "Library": LIBRARY,
    "Alliance": ALLIANCE,
    "Technology": TECHNOLOGY,
    "Industry": INDUSTRY,
    "IndustryChain": INDUSTRY_CHAIN,
    "ChainSegment": CHAIN_SEGMENT,
    "Product": PRODUCT,
    "Provider": PROVIDER,
    "Work": WORK,
    "Paper": PAPER,
    "Patent": PATENT,
    "Project": PROJECT,
    "Report": REPORT,
    "Standard": STANDARD,
    "Achievement": ACHIEVEMENT,
    "Demand": DEMAND,
    "Region": REGION,
    "Mention": MENTION,
}

# --- properties ------------------------------------------------------------------------
TYPE = RDF.type
LABEL = RDFS.label
PREF_LABEL = SKOS.prefLabel
ALT_LABEL = SKOS.altLabel
NOTATION = SKOS.notation
BROADER = SKOS.broader
IN_SCHEME = SKOS.inScheme
EXACT_MATCH = SKOS.exactMatch
CLOSE_MATCH = SKOS.closeMatch
NAME = FOAF.name
MEMBER_OF = ORG.memberOf  # person -> institution (affiliation)
SUB_ORGANIZATION_OF = ORG.subOrganizationOf
TITLE = DCTERMS.title
ABSTRACT = DCTERMS.abstract
DESCRIPTION = DCTERMS.description
SUBJECT = DCTERMS.subject  # work/demand -> technology
CREATOR = DCTERMS.creator  # work -> person (any role)
DCT_SOURCE = DCTERMS.source
IDENTIFIER = DCTERMS.identifier
DOI = BIBO.doi
EMAIL = SDO.email
TELEPHONE = SDO.telephone
JOB_TITLE = SDO.jobTitle
LATITUDE = SDO.latitude
LONGITUDE = SDO.longitude
CONTAINED_IN_PLACE = SDO.containedInPlace
WAS_DERIVED_FROM = PROV.wasDerivedFrom
GENERATED_AT = PROV.generatedAtTime

ORCID = IKG.orcid
ROR = IKG.ror
USCC = IKG.uscc
OPENALEX_ID = IKG.openalexId
COUNTRY_CODE = IKG.countryCode  # ISO 3166-1 alpha-3
REGION_P = IKG.region  # any -> Region
CITY = IKG.city
YEAR = IKG.year  # xsd:integer
END_YEAR = IKG.endYear
KEYWORD = IKG.keyword
VENUE = IKG.venue
PATENT_NUMBER = IKG.patentNumber
IPC = IKG.ipc
ASSIGNEE = IKG.assignee  # patent -> institution
INVENTOR = IKG.inventor  # patent -> person
PRINCIPAL_INVESTIGATOR = IKG.principalInvestigator  # project -> person
FUNDER = IKG.funder  # project -> institution
BUDGET = IKG.budget
AFFILIATED_INSTITUTION = IKG.affiliatedInstitution  # work -> institution
CONTRIBUTION_P = IKG.contribution  # work -> Contribution
AGENT = IKG.agent  # Contribution -> person
ROLE = IKG.role  # Contribution -> "author" | "inventor" | "pi" | "member"
AUTHOR_POSITION = IKG.authorPosition  # 1-based
AUTHOR_COUNT = IKG.authorCount
HAS_EXPERTISE = IKG.hasExpertise  # person -> technology
EXPERTISE_P = IKG.expertise  # person -> Expertise
WEIGHT = IKG.weight
CONFIDENCE = IKG.confidence
REQUESTER = IKG.requester  # demand -> institution (the enterprise)
ENABLES = IKG.enables  # technology -> technology
DEPENDS_ON = IKG.dependsOn  # technology -> technology
LIFE_CYCLE_STAGE = IKG.lifeCycleStage  # "emerging" | "growth" | "mature" | "declining"
TRL = IKG.trl
RELATED_INDUSTRY = IKG.relatedIndustry  # technology -> industry
WORKS_ON = IKG.worksOn  # institution -> technology
# industry chains
CHAIN_P = IKG.chain  # segment/item -> chain
CHAIN_ID = IKG.localId  # the id from the user's CSV files
POSITION = IKG.position  # "upstream" | "midstream" | "downstream"
ORDER = IKG.order
INDUSTRY_CODE = IKG.industryCode  # chain/segment -> Industry concept
UPSTREAM_OF = IKG.upstreamOf
INPUT_OF = IKG.inputOf
TYPE_OF = IKG.typeOf
SEGMENT_P = IKG.segment  # item -> segment
USES_TECHNOLOGY = IKG.usesTechnology  # item/segment -> technology
ITEM_KIND = IKG.itemKind
PROVIDER_KIND = IKG.providerKind  # "country" | "organization"
AGGREGATE = IKG.aggregate  # xsd:boolean
INSTITUTION_P = IKG.institution  # provider -> Institution
PROVIDER_P = IKG.provider  # Share -> Provider
SHARE_OF = IKG.shareOf  # Share -> item or segment
SHARE_VALUE = IKG.shareValue  # xsd:decimal percent, absent when unknown
# provenance / extraction
SOURCE_NAME = IKG.sourceName
SOURCE_GRAPH = IKG.sourceGraph
RECORD_COUNT = IKG.recordCount
TRIPLE_COUNT = IKG.tripleCount
CONTENT_HASH = IKG.contentHash
FILE_P = IKG.file
MENTIONS = IKG.mentions  # document -> Mention
DENOTES = IKG.denotes  # Mention -> entity
MENTION_TEXT = IKG.mentionText
SENTENCE = IKG.sentence
START_OFFSET = IKG.startOffset
END_OFFSET = IKG.endOffset
METHOD = IKG.method
LANGUAGE = DCTERMS.language


def rdflib_term(node: NamedNode) -> rdflib.URIRef:
    from rdflib import URIRef  # on use: rdflib costs ~0.14 s of every CLI call that needs none

    return URIRef(node.value)


_SLUG_RE = re.compile(r"[^0-9A-Za-z._~\-\u4e00-\u9fff]+")


def slug(text: str) -> str:
    """A stable IRI-safe local name: NFKC, spaces to '-', percent-encoding for the rest."""
    norm = unicodedata.normalize("NFKC", str(text)).strip()
    norm = _SLUG_RE.sub("-", norm).strip("-") or "_"
    return quote(norm, safe="-._~")


def mint(*parts: str) -> NamedNode:
    """An entity IRI under ``ID_BASE``: ``mint("expert", "samples", "E001")``."""
    return NamedNode(ID_BASE + "/".join(slug(p) for p in parts))


def source_graph(source: str) -> NamedNode:
    return NamedNode(SOURCE_GRAPH_BASE + slug(source))


# --- extraction (issue 3: reports, mentions, extracted facts) ----------------------------
EXTRACTED_FACT = IKG.ExtractedFact  # a reified extracted triple (rdf:Statement) with PROV-O
SUPPLIES = IKG.supplies  # organization/product -> organization/product it supplies
PLAIN_TEXT = IKG.plainText  # the plain text extracted from a report (offsets point into it)
TEXT_SHA256 = IKG.textSha256  # SHA-256 (hex) of ikg:plainText
TEXT_MAP = IKG.textMap  # JSON list of [start, end, page, paragraph] segments of the plain text
MENTION_TYPE = IKG.mentionType  # Person | Organization | Technology | Industry | Product | Place
RDF_SUBJECT = RDF.subject
RDF_PREDICATE = RDF.predicate
RDF_OBJECT = RDF.object
