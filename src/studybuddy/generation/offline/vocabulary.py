"""Word lists the offline engine reads material with: function words, everyday English, subject keywords."""

from __future__ import annotations

from functools import lru_cache

STOPWORDS = frozenset(
    """
a about above across after again against all almost along also although always am among an and another any are
around as at be because been before being below between both but by can cannot could did do does doing down during
each either else ever every few for from further had has have having he her here hers herself him himself his how
however i if in into is it its itself just least less like made make many may me might more most much must my
myself near neither no nor not now of off often on once one only onto or other others our ours ourselves out over
own per rather same several she should since so some such than that the their theirs them themselves then there
therefore these they this those though through thus to too toward towards under until up upon us very via was we
were what whatever when where whereas whether which while who whom whose why will with within without would yet you
your yours yourself yourselves called known termed named refers referred include includes including called also
eg ie etc fig figure see shown table chapter section called
""".split()
)

COMMON_WORDS = frozenset(
    """
able above absence account act action active actually add added addition additional address affect affected
again age ago agree ahead allow allowed allows alone already alter although amount ancient angle animal answer
apart appear appearance appears apply approximately area areas arm around arrangement arrive aspect associated
attached attempt average away back bad balance base based basic bear become becomes begin begins beginning behind
believe belong best better beyond big bit body bodies book both bottom break bring broad brought build building
built call calls came carry carried case cases cause caused causes center central certain chain change changes
changed character characteristic characteristics check choice clear clearly close closely closer come comes common
commonly compare compared complete completely complex component components composed concept condition conditions
connect connected connects consider considered consist consists constant contain contained containing contains
content continue continues continuous contrast control convert correct could count course cover covered covers
create created creates cross current cut daily damage day days deal death decrease decreased deep define defined
degree depend depending depends depth describe described description design despite detail details determine
determined develop developed development difference differences different difficult direct direction directly
distance distinct distinguish divided does done double draw due during early easily easy effect effects effort
either element elements else end ends energy enough ensure enter entire entirely environment equal equally
especially essential even event events eventually every everything evidence exactly example examples except
exist exists expand expanded explain expressed extend extended extends extent extra extremely face fact factor
factors fall far fast feature features feel felt few field final finally find first five fixed flat follow
followed following follows force forces form formed forming forms forward found four free frequently front full
fully function functions further general generally give given gives giving good great greater greatest ground
group groups grow growing growth half hand happen happens hard head heavy held help helps high higher highly hold
holds home hour however human idea identify identified important include increase increased increases increasing
indeed individual information initial inner inside instead interior internal involved involves itself keep kept
key kind kinds know large larger largely largest last late later layer least leave leaves left length less level
levels life light likely limit limited line lines link list little live long longer look loss lost low lower main
mainly maintain major majority make makes making manner many mark mass material materials matter maximum mean means
measure meet member members mid middle might minimum minor mix model moment more most mostly move moved movement
moves moving much name named narrow natural nature nearly necessary need needed needs new next nine normal normally
note number numbers object observe obtain occur occurs odd offer older open opening operate opposite order
ordinary organized original outer outside overall page pair pairs part particular particularly parts pass passed
passes passing past path pattern people perform performed perhaps period person phase physical piece place placed
places plain play point points portion position possible potential power present presence pressure prevent
previous primarily primary prior probably problem process processes produce produced produces product products
properties property provide provided provides purpose put quality quantity quickly quite range rapid rapidly
rate rates reach reached reaches read real reason receive received receives recent recognize reduce reduced
reduces refer region regions regular related relative relatively release released releases remain remains
remove removed repeat replace represent represents require required requires response rest result resulting
results return returns right rise role roles rough round rule run same scale second seen send sense separate
separated serve serves set sets seven shape shaped share short show side sides sign significant significantly
similar simple simply since single site sites six size sizes slightly slow small smaller smooth sort source space
spaces special specific specifically spread stage stages stand standard start state states step steps still stop
store stored structure structures study subject substance substances such sufficient suggest support surface
surround surrounded surrounding system systems take taken takes taking task ten term terms test than then thick
thin thing things think third three throughout tight time times together top total toward travel true turn turns
twice two type types typical typically unit units unless unlike upper usage use used useful uses using usual
usually value values variety various vary view visible wall walls way ways weak whole wide width word words work
works world wrong year years young zone lie lies lying located location near provides outermost innermost
""".split()
)

# Anatomical directions and positions: technical, but no good as a one-word answer on their own.
MODIFIERS = frozenset(
    """
proximal distal lateral medial anterior posterior superior inferior dorsal ventral cranial caudal deep superficial
left right upper lower inner outer internal external central peripheral major minor greater lesser first second
third primary secondary
""".split()
)

# Kinds of thing in medical texts: "X bone", "X cell", "X artery" makes X one of that kind.
CLASS_WORDS = frozenset(
    """
bone muscle artery vein nerve cell joint gland tissue ligament membrane vessel node valve layer fiber fibre
tendon cartilage organ duct sinus lobe hormone enzyme protein receptor channel cavity
""".split()
)

SUBJECT_KEYWORDS = {
    "Anatomy": (
        "bone",
        "bones",
        "muscle",
        "artery",
        "vein",
        "nerve",
        "ligament",
        "joint",
        "lateral",
        "medial",
        "proximal",
        "distal",
        "anterior",
        "posterior",
        "superior",
        "inferior",
        "cavity",
        "tubercle",
        "fossa",
        "process",
        "septum",
        "atrium",
        "ventricle",
        "valve",
        "epithelium",
        "tissue",
    ),
    "Physiology": (
        "potential",
        "secretion",
        "pressure",
        "transport",
        "membrane",
        "ion",
        "ions",
        "hormone",
        "function",
        "contraction",
        "depolarization",
        "gradient",
        "diffusion",
        "oxygen",
        "filtration",
    ),
    "Biochemistry": (
        "enzyme",
        "protein",
        "lipid",
        "glucose",
        "atp",
        "molecule",
        "amino",
        "acid",
        "metabolism",
        "phospholipid",
        "cholesterol",
        "hemoglobin",
    ),
    "Pathology": (
        "disease",
        "disorder",
        "infection",
        "inflammation",
        "tumor",
        "necrosis",
        "lesion",
        "failure",
        "syndrome",
        "anemia",
        "cancer",
    ),
    "Pharmacology": ("drug", "drugs", "dose", "receptor", "agonist", "antagonist", "inhibitor", "therapy"),
    "Microbiology": ("bacteria", "virus", "fungi", "pathogen", "microbe", "culture", "antibiotic"),
}

# Head nouns that name things of one kind, for terms the vocabulary (MeSH) lacks: bony landmarks, joints, layers.
# Two terms whose heads fall in one family are distractors of the same kind ("greater tubercle", "deltoid
# tuberosity", "radial fossa").
KIND_FAMILIES = {
    "landmark": frozenset(
        """tubercle tuberosity epicondyle condyle fossa notch process groove sulcus ridge crest spine facet foramen
        head neck shaft border line trochlea capitulum margin surface eminence protuberance prominence tuberculum
        angle""".split()
    ),
    "joint": frozenset("joint articulation symphysis suture".split()),
    "chamber": frozenset("atrium ventricle auricle chamber".split()),
    "valve": frozenset("valve cusp leaflet sphincter".split()),
    "vessel": frozenset("artery vein sinus trunk aorta capillary arteriole venule vessel".split()),
    # The layers of a wall and the sheets between them; an epithelium is a tissue of cells, not one of these
    # ("Cell membrane" or "Basal layer" offered for a ciliated epithelium is no distractor).
    "layer": frozenset(
        """layer membrane epicardium myocardium endocardium pericardium mucosa submucosa serosa muscularis
        lamina""".split()
    ),
    "epithelium": frozenset("epithelium endothelium mesothelium neuroepithelium".split()),
    "cell": frozenset("cell cyte blast clast".split()),
    "septum": frozenset("septum wall partition".split()),
    "gland": frozenset("gland".split()),
    "nerve": frozenset("nerve plexus ganglion".split()),
    "hormone": frozenset("hormone".split()),
    "quantity": frozenset("potential gradient voltage current resistance pressure".split()),
    "ion": frozenset("ion cation anion".split()),
    "enzyme": frozenset("enzyme ase".split()),
}

# Heads of named parts of an organ, beyond the kind families above: a structure's neighbours are its distractors.
STRUCTURE_HEADS = frozenset(
    """band muscle cavity fossa foramen septum sulcus notch sac ligament tendon cartilage duct lobe fold ring
    orifice opening canal tube tract recess pouch space trabecula chorda papilla crest ridge cusp node""".split()
)

# Heads too vague to be an answer on their own: "bony projection", "roughened area", "strong ligament".
VAGUE_HEADS = frozenset(
    """area projection bump tip extension protuberance pad wrench pelvis grouping position region portion part
    structure feature space lining band bundle edge end side surface piece passageway passage""".split()
)


# Words that describe a thing's shape, size, texture or number rather than name it: "Elongated shaft", "Bony
# prominence", "Triangular shaft", "Macroscopic layer" are how a text describes a landmark or a layer, never a
# name a teacher offers beside "gluteal tuberosity". Participles ("roughened", "receiving") are found by ending.
DESCRIBING_WORDS = frozenset(
    """bony rough smooth triangular round oval flat narrow broad wide thin thick small large long short slender tiny
    big great curved pointed prominent shallow macroscopic microscopic visible surface main whole entire single double
    common various several many other different certain typical usual normal""".split()
)
# Words that count or sort rather than describe ("various anemias", "other cells"): never part of a name.
QUANTIFIERS = frozenset("various several many other different certain some numerous".split())
# Heads that name no particular thing unless a naming word goes before them: a described "bone", "shaft",
# "chamber" or "layer" is no distractor, a named one ("sesamoid bone", "left ventricle") is.
GENERIC_HEADS = VAGUE_HEADS | frozenset(
    """bone shaft ridge prominence chamber layer molecule muscle artery vein vessel cell tissue membrane fiber opening
    depression groove process line""".split()
)


# Words with a process's ending that name a place or a thing: a gap junction is no process.
_NOT_PROCESSES = frozenset("junction conjunction".split())


@lru_cache(maxsize=16384)
def kind_family(head: str) -> str | None:
    """The family a head noun belongs to: "tuberosity" → landmark; "-cyte" and "-ase" by their endings."""
    for family, heads in KIND_FAMILIES.items():
        if head in heads:
            return family
    if head.endswith("cyte") or head.endswith("blast"):
        return "cell"
    if head.endswith("ase") and len(head) > 5:
        return "enzyme"
    if head in _NOT_PROCESSES:
        return None
    if head.endswith(("ation", "ition", "ction", "ssion", "usion", "ption", "osis", "ysis")) and len(head) > 7:
        return "process"  # depolarization, propagation, conduction, diffusion, exocytosis, hemolysis
    return None
