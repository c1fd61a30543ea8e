"""Word lists the recognition and role rules rely on, kept apart from the rules.

All entries are lower-case. They are deliberately general (English news usage, the
names and titles common in Afghanistan-Pakistan reporting), not tuned to any article.
"""

from __future__ import annotations

__all__ = [
    "DEMONYMS",
    "TITLES",
    "GIVEN_NAMES",
    "PERSON_WORDS",
    "COMMON_WORDS",
    "ORG_WORDS",
    "FACILITY_WORDS",
    "KIND_WORDS",
    "NAME_PREFIXES",
    "CONNECTORS",
    "ACRONYM_PLACES",
]

# Nationality and group words: adjectives or people, never places.
DEMONYMS = frozenset(
    """afghan afghans afghani pakistani pakistanis american americans iranian iranians
    chinese indian indians russian russians british qatari saudi turkish tajik tajiks uzbek
    uzbeks turkmen pashtun pashtuns pukhtun pakhtun baloch baluch balochi punjabi punjabis sindhi
    hazara hazaras kashmiri european europeans arab arabs western eastern soviet
    waziri wazir mehsud afridi shinwari mohmands bangash achakzai durrani""".split()
)

# Words placed before a person's name.
TITLES = frozenset(
    """mr mrs ms miss dr sir lord minister president premier maulvi mawlawi maulana mullah
    mufti qari hafiz haji sheikh shaikh imam pir syed sayed sardar nawab malik general gen
    lieutenant lt colonel col major maj captain capt brigadier brig commander cmdr sergeant sgt
    governor senator sen ambassador envoy spokesman spokeswoman spokesperson secretary
    chairman chairwoman chief inspector superintendent officer judge justice prof professor
    emir amir king prince queen representative deputy advisor adviser aide commissioner
    mayor director leader founder cleric analyst correspondent reporter""".split()
)

# Given names frequent in the region's and international news: a capitalised run starting
# with one of them is a person, unless the whole run is a known place ("Ghulam Khan" crossing).
GIVEN_NAMES = frozenset(
    """abdul abdullah ahmad ahmed akhtar ali amir amin anwar arif asad asif ashraf aziz azam
    bilal fazal fazl faisal farooq ghulam gul habib hafeez haider hamid hamza hasan hassan
    haroon hayat hussain hussein ibrahim ijaz imran ishaq ismail jalal jamal javed kabir
    kamran karim khalid khawaja khurram latif mahmood mahmud majid maryam mehmood mohammad
    mohammed muhammad mohsin muhammed mujahid mullah munir musa mushtaq nadeem naeem najib
    nasir nawaz nazir noor nur omar osama qasim rahim rahman rashid rauf saeed said salim
    sami sarfraz shah shahbaz shehbaz shahid sharif sher shoaib sirajuddin sohail sultan
    tahir talal tariq umar usman waheed wali waqar yasin younis yousaf yusuf zabihullah zafar
    zahid zalmay zia zulfiqar john tom thomas james david michael robert richard william
    antony anthony joe joseph donald mike mark paul peter george charles henry jake lloyd
    ned zalmai hina bilawal benazir nawaz maryam fawad atta hekmatyar""".split()
)

# Single words that are both common personal names or surnames and gazetteer entries;
# alone they count as places only with a place cue ("in Khan", "Khan district").
PERSON_WORDS = frozenset(
    """khan ali shah said hussain hassan ahmed ahmad sharif west durrani gul noor nur mir
    wazir jan din malik masood mehsud zaman rehman rahman akbar baig butt aziz latif qureshi
    bhutto zardari""".split()
)

# Capitalised at the start of a sentence or headline, these are words, not places.
COMMON_WORDS = frozenset(
    """a an the in on at of for to from by with after before during since until while when
    where as and or but if then than this that these those it its he she they we you i
    his her their our there here also meanwhile however earlier later last next first
    second third one two three four five six seven eight nine ten eleven twelve dozens
    hundreds thousands several many some most all both each every no none other others
    another such according asked speaking separately further heavy local senior former
    officials official police security militants militant residents authorities traders
    trader soldiers soldier troops forces gunmen witnesses elders villagers families children
    women men people sources diplomats analysts critics protesters protest protests talks
    mobile internet phone power electricity water food aid relief schools markets market
    trade trucks customs mortar rockets rocket shells fighting negotiations delegation
    delegations government ministry office spokesman army military border frontier frontiers
    national federal provincial district central northern southern eastern western north south
    east west upper lower new old great greater independence liberty union unity friendship
    peace hope victory justice mercy president prime minister foreign interior defence
    defense chief head leader commander governor general court parliament senate assembly
    islamic islam muslim taliban state states republic emirate kingdom city town village
    valley province region camp gate pass road highway bridge airport hospital mosque
    university college school bank hotel press club news monday tuesday wednesday thursday
    friday saturday sunday january february march april may june july august september
    october november december today yesterday tomorrow morning evening night week month year
    god allah eid ramadan friday mr mrs dr sir lord media report reports statement
    independent reuters associated agence france dawn express tribune times post
    operation operations attack attacks strike strikes drone drones clash clashes
    victory liberation tribal tribes martyrs martyr fence fencing wall line lines gateway
    education health finance commerce planning information""".split()
)

# A capitalised word right after a place name that makes it an institution: the place
# then stands for that body (a metonym), not for a location.
ORG_WORDS = frozenset(
    """army police government ministry office foreign administration authorities authority
    regime corps scouts rangers levies frontier court assembly senate parliament chamber
    shura council cabinet embassy consulate mission taliban zalmi cricket board party league
    times post tribune daily news radio television tv bank""".split()
)

# A capitalised word right after a place name that keeps it a location (a facility or a
# named part of the place).
FACILITY_WORDS = frozenset(
    """airport valley pass road highway gate bazaar market camp district province agency
    crossing border city town cantonment hospital prison jail mosque stadium bridge tunnel
    square station hills mountains river dam base airbase fort tehsil division region area
    areas village terminal""".split()
)

# Words naming a kind of place after a name ("Tank district", "Torkham crossing").
KIND_WORDS = {
    "district": "district",
    "districts": "district",
    "agency": "district",
    "tehsil": "district",
    "province": "province",
    "provinces": "province",
    "crossing": "crossing",
    "border": "crossing",
    "pass": "crossing",
    "gate": "crossing",
    "city": "city",
    "town": "town",
    "village": "town",
    "valley": "region",
    "region": "region",
}

# Unmatched capitalised words allowed before a place name without making it a person.
NAME_PREFIXES = frozenset(
    """the in at on near from to into across outside inside northern southern eastern western
    central north south east west upper lower greater old new rural urban downtown
    neighbouring neighboring restive remote troubled tribal border""".split()
)

# Lower-case words allowed inside a multi-word place name.
CONNECTORS = frozenset("e i ul al ud ye of".split())

# Upper-case abbreviations that are places on their own.
ACRONYM_PLACES = frozenset("kp fata uae usa uk".split())
