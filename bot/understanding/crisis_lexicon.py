"""Words and phrases that signal a crisis, per language (matched after ``normalise``, Greek also as Greeklish).

Kinds: ``self_harm`` (suicide, self-injury), ``violence`` (domestic, sexual, gender-based violence, threats),
``child`` (a child being hurt or at risk), ``danger`` (immediate danger to life, emergencies).
Phrases are matched as whole words inside the message, so keep them specific.

Writing phrases (spelt out once, when this module is imported):

- ``{a,b,}`` lists alternatives: ``"{he,she} hits me"`` is two phrases, ``"{my ,}child"`` makes "my " optional;
- ``_`` marks a half-space (ZWNJ, as in Persian ``می‌خوام``): both the joined and the spaced spelling match;
- a phrase with an apostrophe (``вб'ю``, ``m'a``) also matches with ``ʼ`` and with the apostrophe left out;
- Persian, Urdu and Pashto phrases also match as typed on an Arabic or Persian keyboard (``ي`` for ``ی``,
  ``ك`` for ``ک``, ``ه`` for ``ہ``, ``گ`` for ``ګ``...); Arabic ones with a final ``ى``/``ه`` for ``ي``/``ة``
  and with the conjunction ``و`` attached;
- Greek phrases match Greeklish through the sound skeleton. Greeklish writes τη as ``th``, χ as ``h``, ξ as
  ``x``, κη as ``kh`` and αυ/ευ as ``af``/``ef``, which the skeleton reads as θ, η, χ, χ and αφ/εφ: each phrase gets
  the twin spelt that way (``την`` → ``θν``), so ``thn``, ``htypise``, ``aftoktonia`` match too. The Latin
  entries in ``el`` are the spellings no Greek twin reaches (``-aei`` endings, ``au``/``eu`` for αυ/ευ).
"""

from __future__ import annotations

import re

from bot.understanding.text import has_greek, normalise

# fmt: off
CRISIS_PHRASES: dict[str, dict[str, list[str]]] = {
    "el": {
        "self_harm": [
            "{θέλω,ήθελα,εύχομαι} να πεθάνω", "θέλει να πεθάνει", "καλύτερα να πεθάνω",
            "καλύτερα να {ήμουν,ήμουνα} {νεκρή,νεκρός}", "να πεθάνω να ησυχάσω", "να πεθάνω και να ησυχάσω",
            "{αυτοκτονήσω,αυτοκτονώ,αυτοκτονήσει,αυτοκτονία,αυτοκτονικές σκέψεις,αυτοκτονικές τάσεις}",
            "{σκέψεις,απόπειρα} αυτοκτονίας", "αυτοτραυματ{ισμός,ισμό,ίζομαι,ίστηκα,ίζεται}",
            "{δεν,δε} θέλω {,άλλο ,πια }να ζω", "{δεν,δε} θέλω να ζήσω {άλλο,πια,έτσι}",
            "{δεν,δε} {αντέχω,αξίζει} να ζω", "{κανένα,κανέναν,δεν έχω} λόγο να ζω", "δεν έχει νόημα να ζω",
            "τέλος στη{,ν} ζωή μου", "{θα,να} τελειώσω τη{,ν} ζωή μου", "{θα,να} φύγω από τη{,ν} ζωή",
            "{θα,να} {σκοτωθώ,κρεμαστώ}", "σκοτώσω τον εαυτό μου", "{κόψω,κόβω,έκοψα,κόψει,έκοψε} τις φλέβες",
            "{πληγώνω,πληγώσω,πλήγωσα,κόβω,έκοψα,κόψω,χαράζω,χάραξα,χτυπάω} τον εαυτό μου",
            "{κόβω,έκοψα,χαράζω,χάραξα} τα χέρια μου", "{ένα κουτί,μια χούφτα,πολλά} χάπια {μαζί,να πεθάνω}",
            "{πήρα,ήπια,κατάπια,θα πάρω,θα πιω,να πάρω,να πιω,μάζεψα,μαζεύω} όλα {τα,μου τα} {χάπια,φάρμακα}",
            "{ήπια,κατάπια,πήρα} {πολλά,πολλές,ένα κουτί} χάπια", "να μην ξυπνήσω {ποτέ,ξανά,πια}",
            "{θα,να} {πηδήξω,πέσω} από {το μπαλκόνι,το παράθυρο,την ταράτσα,τη γέφυρα}", "και να μην ξυπνήσω",
            "{θα,να} τα τελειώσω όλα", "{θα κάνω,να κάνω,κάνω} κακό στον εαυτό μου",
            "{δεν,δε} θέλω να ξυπνήσω {αύριο,ξανά,πια,ποτέ,το πρωί}", "κόβει τον εαυτό {του,της}",
            "{κόβεται,κόβομαι} με {ξυράφι,ξυραφάκι,λεπίδα}",
            # Greeklish no Greek twin reaches: αυ as au/ay, the -aei ending.
            "{au,ay,af}tokton{ia,isw,iso,hsw,hso,isei,isi,hsei,hsh,hsi,w,o}",
            "{skotwsw,skotoso,kovw,kovo,plhgwnw,pligono} ton {eauto,eayto} mou",
            "{skepseis,skepsis,apopeira,apopira} {au,ay}toktonias", "{au,ay}toktonik{es,ew} skep{seis,sis}",
        ],
        "violence": [
            "{με,μας} {χτυπάει,χτυπά,χτύπησε,χτυπούσε,χτυπάνε,χτυπούν,χτύπησαν,χτυπάγε,βαράει,βάρεσε,"
            "βαρούσε,βαράνε}", "{με,μας} {απειλεί,απείλησε,απειλούσε,απειλούν,απείλησαν,εκβιάζει,εκβίασε}",
            "{με,μας} {δέρνει,έδειρε,έδερνε,δέρνουν,έδειραν,ξυλοκοπεί,ξυλοκόπησε,ξυλοκοπούσε,ξυλοκόπησαν}",
            "{με,μας} {κακοποιεί,κακοποίησε,κακοποιούσε,χαστουκίζει,χαστούκισε,κλωτσάει,κλώτσησε}",
            "{με,μας} {βίασε,βίασαν,βιάζει,παρενοχλεί σεξουαλικά,παρενόχλησε σεξουαλικά}", "με έπνιγε",
            "{βιασμός,βιασμό,βιάστηκα,με έχει βιάσει}", "σεξουαλική {κακοποίηση,επίθεση,παρενόχληση,βία}",
            "{να,πάει να,προσπάθησε να} με πνίξει", "{τρώω,έφαγα,τρώμε,φάγαμε,έχω φάει} ξύλο", "σωματεμπορία",
            "{υφίσταμαι,δέχομαι,ζω,περνάω} {ενδοοικογενειακή,σεξουαλική} βία", "κακοποιημένη γυναίκα",
            "θύμα {,ενδοοικογενειακής ,σεξουαλικής }βίας", "μαχαίρι στο λαιμό", "{εμπορία,εμπορίας} ανθρώπων",
            "{υφίσταμαι,δέχομαι,ζω με} {βία,κακοποίηση,απειλές}", "{μου,μας} {σήκωσε,σηκώνει,σηκώνουν} χέρι",
            "{απειλεί,απείλησε,απειλούσε} {να,ότι θα} με σκοτώσει", "θα σε σκοτώσω",
            "με {κλειδώνει,κλείδωσε,έχει κλειδώσει,κλειδώνουν,κλείδωσαν,έχουν κλειδώσει}",
            "με {κρατάει,κρατά,κρατάνε,έχει,έχουν} {κλεισμένη,κλεισμένο,κλειδωμένη,φυλακισμένη}",
            "{δεν,δε} {με,μ} {αφήνει,αφήνουν,άφηνε} να {βγω,φύγω,βγαίνω,βγω έξω}",
            "{μου,μας} {πήραν,πήρανε,πήρε,κρατάνε,κρατάει,κράτησαν,κράτησε,έχουν πάρει,"
            "έχει πάρει} το διαβατήριο", "με {έριξε,ρίχνει,πέταξε} {κάτω,στο πάτωμα}",
            "{μου,μας} {πήραν,πήρανε,πήρε,κρατάνε,κρατάει,κράτησαν} τα διαβατήρια",
            "με {αναγκάζει,αναγκάζουν,ανάγκασε,ανάγκασαν} να {κάνω σεξ,εκδίδομαι,πηγαίνω με}",
            "{χτυπάει,χτυπά,χτύπησε,δέρνει,έδειρε,κακοποιεί,απειλεί} {τη,την} {γυναίκα,σύζυγο,μάνα,μητέρα,"
            "αδερφή,γιαγιά} {του,μου}", "με {αναγκάζουν,αναγκάζει,ανάγκασαν} να παντρευτώ",
            "{με το ζόρι,με τη βία} {γάμος,να παντρευτώ}", "{με,μας} {κλείδωσε,κλειδώνει,κλειδώσει} μέσα",
            "με {έπιασε,πιάνει,άρπαξε} {με το ζόρι,με τη βία}", "{με,μας} {παρενόχλησε,παρενοχλεί}",
            "{την,τον} {βιάζει,βίασε,βίαζε}", "με {έπνιξε,έσπρωξε στις σκάλες}",
            "{τη,την,τον,το,τα} {χτυπάει,χτυπά,δέρνει,βαράει} με {τη ζώνη,ζώνη,λουρί,ξύλο,καλώδιο}",
            "{τη,την,τον} {χτυπάει,χτυπάνε,δέρνει,δέρνουν,κακοποιεί,κακοποιούν}",
            # Greeklish no Greek twin reaches: the -aei ending, double vowels.
            "{me,mas} {x,h,ch}t{y,i,u}paei", "me krataei {kleismenh,kleismeni,klismeni,kleidwmenh,klidomeni}",
            "endo{o,}ikogen{e,}iak{h,i} {via,bia}", "{me,mas} {klwtsaei,klotsaei}",
            "{exw,exo,eho,ehw} faei {ksylo,ksilo,ksulo,3ylo,3ilo,xylo,xilo}",
            "{mou,mas} krataei {to diavatirio,to diavathrio,ta diavatiria,ta diavathria}",
            "{xtypaei,xtipaei,htypaei,xtupaei} {th,thn,ti,tin} {gynaika,ginaika,gunaika,mana,mitera,"
            "mhtera} {tou,mou}",
            "{ton,thn,tin,th,ti} {xtypaei,xtipaei,htypaei,xtupaei,varaei} {,me th zwnh,me ti zoni}",
        ],
        "child": [
            "{χτυπάει,χτυπά,χτύπησε,χτυπούσε,χτυπάνε,δέρνει,έδειρε,έδερνε,δέρνουν,ξυλοκοπεί,ξυλοκόπησε,"
            "κακοποιεί,κακοποίησε,κακοποιούσε,χαστουκίζει,χαστούκισε,βιάζει,βίασε,παρενοχλεί,παρενόχλησε,"
            "αγγίζει,άγγιξε,ακουμπάει,απειλεί} {,και }{το παιδί,τα παιδιά,το μωρό,τον γιο,το γιο,την κόρη}",
            "{χτυπάει,χτυπά,χτύπησε,χτυπούσε,χτυπάνε,δέρνει,έδειρε,έδερνε,δέρνουν,ξυλοκοπεί,ξυλοκόπησε,"
            "κακοποιεί,κακοποίησε,κακοποιούσε,χαστουκίζει,χαστούκισε,βιάζει,βίασε,παρενοχλεί,παρενόχλησε,"
            "αγγίζει,άγγιξε,ακουμπάει,απειλεί} {τη μικρή,τον μικρό,την ανιψιά,τον ανιψιό,την εγγονή,"
            "τον εγγονό,τα εγγόνια,τα ανίψια}", "{κακοποίηση,κακοποίησης} {παιδιού,παιδιών,ανηλίκου}",
            "{ασελγεί,ασέλγησε,ασελγούσε} {σε παιδί,σε ανήλικο,στο παιδί,στα παιδιά,στην κόρη,στον γιο,"
            "στη μικρή}", "παιδική κακοποίηση", "ασέλγεια σε ανήλικ{ο,η}",
            "τα παιδιά {μου ,μας ,}{τρώνε ξύλο,κινδυνεύουν}",
            "{το παιδί,το μωρό} {μου ,μας ,}{τρώει ξύλο,κινδυνεύει}",
            "{τον,την,το,τα} {δέρνει,χτυπάει,χτυπά,έδειρε,χτύπησε} ο {πατέρας,πατριός,θείος} {του,της,τους}",
            "{τον,την,το} {άγγιξε,αγγίζει,ακούμπησε} {άσχημα,σεξουαλικά,στα απόκρυφα}",
            "ο πατριός {της,του,τους} {την,τον,τα} {βιάζει,βίασε,δέρνει,χτυπάει,αγγίζει,πειράζει,κακοποιεί}",
            "{την κόρη,τον γιο,το παιδί} {μου ,μας ,}{την,τον,το} {χτυπάνε,χτυπάει,δέρνει,δέρνουν}",
            # Greeklish no Greek twin reaches: the -aei ending, ευ as eu/ey.
            "{x,h,ch}t{y,i,u}paei {,kai }{to,ta} {paidi,paidia,pedi,pedia,mwro,moro}",
            "{ton,thn,tin,to,ta} {xtypaei,xtipaei,htypaei} o {pateras,patrios} {tou,ths,tis,tous}",
            "{x,h,ch}t{y,i,u}paei {ton gio,to gio,thn korh,tin kori,thn kori,ton mikro,th mikrh,ti mikri}",
            "{to paidi,to pedi,ta paidia,ta pedia,to mwro,to moro} {mou ,mas ,}kind{y,i,u}ne{u,y}{ei,i,oun}",
        ],
        "danger": [
            "{κινδυνεύω,κινδυνεύουμε}", "{είμαι,είμαστε} σε {,μεγάλο }κίνδυνο", "σώστε {με,μας}",
            "{η ζωή μου,η ζωή μας,η ζωή των παιδιών} {κινδυνεύει,είναι σε κίνδυνο}", "βοήθεια βοήθεια",
            "κινδυνεύει η ζωή {μου,μας,του,της,των παιδιών}", "ελάτε {γρήγορα,αμέσως}",
            "{θα,θέλει να,πάει να,έρχεται να,προσπαθεί να,ήρθε να} {με,μας} {σκοτώσει,σκοτώσουν,σφάξει,"
            "σφάξουν}", "{ήρθε,είναι,στέκεται,περιμένει} με {μαχαίρι,όπλο,πιστόλι,τσεκούρι}",
            "{έχει,κρατάει,κρατά,έβγαλε,βγάζει,κρατούν,έχουν} {μαχαίρι,όπλο,όπλα,πιστόλι,καραμπίνα,τσεκούρι}",
            "{είναι,στέκεται,περιμένει} {έξω,απέξω,στην πόρτα,κάτω} με {μαχαίρι,όπλο,πιστόλι,τσεκούρι}",
            "{σπάει,σπάσει,σπάνε,σπάσουν,έσπασε,έσπασαν,κλωτσάει,κλωτσάνε} την πόρτα",
            "{προσπαθεί,προσπαθούν,θέλει,πάει,πάνε} να {μπει,μπουν} {μέσα,στο σπίτι}",
            "{κάποιος,κάποιοι} {μπήκε,μπήκαν,μπαίνει,μπαίνουν} {μέσα,στο σπίτι}",
            "{καλέστε,φωνάξτε,στείλτε} {την αστυνομία,αστυνομία,περιπολικό,το 100,το 112}",
            "{κάποιος,ένας,ένας άντρας} με {ακολουθεί,ακολουθούσε,παρακολουθεί,κυνηγάει}",
            "με {ακολουθεί,ακολουθούν} {από,μέχρι,ως} {το σπίτι,τη δουλειά,τη στάση}",
            "φοβάμαι για τη{,ν} ζωή {μου,μας,των παιδιών}",
            "{δεν αναπνέει,σταμάτησε να αναπνέει,καίγεται το σπίτι,πήρε φωτιά το σπίτι,φωτιά στο σπίτι μας}",
            # Greeklish no Greek twin reaches: ευ as eu/ey, the -aei ending.
            "kind{y,i,u}ne{u,y}{w,o,oume,ume}", "z{w,o}{h,i} {mou,mas} kind{y,i,u}ne{u,y}{ei,i}",
            "krataei {maxairi,mahairi,maxeri,oplo,pistoli}", "paei na {mpei,bei,mpi,bi} {mesa,sto spiti}",
            "paei na {me,mas} {skotwsei,skotosei,skotosi,skotwsh}",
            "{klwtsaei,klotsaei,spaei} {thn,tin} porta",
        ],
    },
    "en": {
        "self_harm": [
            "{kill,killing,kil} {myself,my self}", "{end,ending,take,taking} my {own ,}life",
            "{end,ending} it all", "{want,wanna,wanted,i wish i could} {to ,}die", "i wish i {was,were} dead",
            "better off dead", "{suicide,suicidal,sucide,suicid}", "no reason to live", "nothing to live for",
            "{don t,dont,do not,no longer,dont even} {want,wanna} {to live,live,to be alive,to be here}",
            "{hurt,hurting,harm,harming,cut,cutting,burn,burning} myself", "self {harm,harming,injury}",
            "{cut,slit,cutting,slitting} my wrists", "took {a lot of,lots of,all the} sleeping pills",
            "{swallowed,swallow,downed,overdosed on} {a bottle of,a whole bottle of,a handful of,a box of,"
            "too many,all the,all my,a lot of,lots of,loads of} {pills,tablets,meds,sleeping pills,"
            "painkillers}", "{overdose,overdosed,an od}", "{hang,hanging} myself", "never wake up",
            "{took,take,taking,going to take,gonna take} {a bottle of,a whole bottle of,a handful of,"
            "a box of,too many,the whole bottle of} {pills,tablets,meds,sleeping pills,painkillers}",
            "{jump,jumping} {off,from} {the,a,my} {bridge,balcony,roof,building,window}",
            "{wants,want,going,threatens,threatening,tried} to {kill,hurt} {himself,herself,themselves}",
            "{end,ending} {his,her} life", "{want to,wanna} disappear forever",
            "{pills,tablets} {ready,saved up}", "{stockpiling,saving up} {pills,tablets}",
            "{cut,cutting,cuts,slashing,slash} my {arms,arm,legs,wrists,thighs,skin}",
        ],
        "violence": [
            "{hits,hitting,hit,beats,beating,beat,punches,punched,punching,kicks,kicked,kicking,slaps,"
            "slapped,slapping,chokes,choked,choking,strangles,strangled,abuses,abused,abusing,assaults,"
            "assaulted,attacks,attacked,rapes,raped,molested,molests} me", "{raped,rape}", "burned me",
            "{beat,beats,beaten,beating} me up", "{he,she} {hurts,hurt,is hurting} me",
            "{hit,beaten,attacked,abused,raped,assaulted} by my", "sexually {assaulted,abused,harassed}",
            "sexual {assault,abuse}", "abusive {husband,partner,boyfriend,relationship,father,wife,ex}",
            "{victim of,suffering,experiencing,i suffer,i m suffering,living with,escape,escaping,"
            "fleeing} domestic {violence,abuse}", "{locked,locks,locking} me {in,inside,up}",
            "{threatens,threatened,threatening,keeps threatening} {to kill me,me,to hurt me,my life,"
            "to kill us}", "{keeps,kept,keep} me locked {in,up,inside}", "{force,forcing} me to marry",
            "{said,says,told me,keeps saying} {he,she} {will,would,ll,is going to,gonna} kill me",
            "{won t,wont,will not,doesn t,doesnt,does not,didn t,don t,dont,do not} let me {leave,go out,"
            "out}", "{took,taken,takes,keeps,kept} {my,our} passport{,s}",
            "{forced,forces,force,forcing} me to {have sex,sleep with}",
            "{trafficked,human trafficking,stalking me,stalks me}", "forced {marriage,to marry,me to marry}",
            "{husband,partner,boyfriend,father,dad,son,brother} is {violent,abusive}",
            "{keeps,kept} {my,our} {documents,papers,id,id cards}",
        ],
        "child": [
            "{hits,hit,hitting,beats,beat,beating,hurts,hurt,hurting,abuses,abused,abusing,molests,molested,"
            "molesting,touches,touched,touching,punches,punched,kicks,kicked,slaps,slapped,burns,burned,"
            "threatens,threatened} {my,the,our,his,her} {child,children,kid,kids,son,daughter,baby}",
            "{hits,hit,hitting,beats,beat,beating,hurts,hurt,hurting,abuses,abused,abusing,molests,molested,"
            "molesting,touches,touched,touching,punches,punched,kicks,kicked,slaps,slapped,burns,burned,"
            "threatens,threatened} my {little sister,little brother,niece,nephew,grandchild,grandson,"
            "granddaughter,stepdaughter,stepson}", "{child,children} {abuse,abused}",
            "{abusing,abuses} children", "{my,our} {child,kid,son,daughter,baby} is in danger",
            "{child,kid,son,daughter,baby,kids,children} {is,are} being {abused,beaten,hit,hurt}",
        ],
        "danger": [
            "{i m,im,i am,iam,we are,we re,my family is,my kids are,my children are} in danger", "help help",
            "{my,our} {life,lives} {is,are} in danger", "call the police", "{will,ll} kill {me,us}",
            "{trying,try,tries} to {break in,break the door,kill me,kill us,get into the house,"
            "get in the house}", "{break,breaking,broke} into {my,our,the} {house,flat,apartment,home,room}",
            "{someone is,someone s,they are,they re,he is,he s} {breaking,trying to break} in",
            "{breaking,broke,kicking,banging on,smashing} {down ,}{the,my,our} door", "save {me,us}",
            "{going,gonna,coming,wants} to kill {me,us}", "{come quickly,come fast}",
            "{has,holding,got,carrying,came with,is standing with,waiting with} a {knife,gun,weapon,pistol,"
            "axe}", "{going,gonna} to hurt {me,us}", "{fear,afraid,scared} for my life",
            "{breaking,smashing} {the,my,our} window{,s}", "{followed,chased} me {home,to}",
            "{someone,somebody,a man,he,they} {is,s,are,re} inside my {house,home,flat,apartment,room}",
            "{someone,somebody,a man,a guy,he,they} {is ,are ,keeps ,}{following,chasing} me",
            "{follows,follow} me {home,everywhere}",
            "{is not breathing,isn t breathing,isnt breathing,stopped breathing,house is on fire,"
            "flat is on fire}",
            "{a man,someone,somebody,a guy,he s,he is} {outside my door ,at my door ,at the door ,"
            "}with a {knife,gun,weapon,axe}",
        ],
    },
    "ar": {
        "self_harm": [
            "{بدي,بدى,ابغى,اريد,اريد ان,ودي,عايز,عايزه,حابب} {موت,اموت}", "{اريد,اتمنى} الموت", "اتمنى اموت",
            "{انتحر,انتحار,الانتحار,بالانتحار,للانتحار,سانتحر,حانتحر,بنتحر}", "{انهي,انهاء,انهيت} حياتي",
            "{اقتل,بقتل,قتل,اموت} {نفسي,حالي}", "{ما,لا,مش,ماعاد} {بدي,اريد ان,ابغى,عايز} {عيش,اعيش}",
            "ما عاد بدي {عيش,اعيش}", "لا اريد الحياة", "{جرحت,اجرح,اذيت,اذي,اوذي,بجرح,بأذي} {نفسي,حالي}",
            "{قطعت,اقطع,بقطع} {عروقي,شراييني,ايدي}", "{bdi,bde,baddi,bade} {mout,moot,mot}",
            "{بلعت,اخذت,شربت,اكلت} {كل الحبوب,حبوب كثير,علبة حبوب,كل الدوا,كل الدواء,كل الادوية}",
            "{ente7ar,enta7er,bente7er,bentehir}", "{خلص,اخلص,بخلص} من حياتي",
        ],
        "violence": [
            "{يضربني,بيضربني,ضربني,بضربني,يضربنا,بيضربنا,ضربونا,ضربوني,يضربوني,بيضربوني,يدقني,بيدقني}",
            "{يعنفني,عنفني,يعذبني,يهينني ويضربني}", "{تهديد,هددني} بالقتل", "{اعتدى,اعتدوا} {علي,عليا,علييا}",
            "{اتعرض,بتعرض,عم اتعرض,اعاني من,ضحية} {لعنف,للعنف,عنف} {اسري,الاسري,منزلي,المنزلي,جنسي,الجنسي}",
            "{يهددني,هددني,بيهددني,يهددنا,هددنا,بيهددنا,هددوني,يهددوني}", "اعتداء جنسي",
            "{اغتصبني,اغتصبوني,اغتصاب,الاغتصاب,اغتصبت}", "{تحرش,يتحرش,بيتحرش,تحرشوا,يتحرشون} {بي,فيني}",
            "{حبسني,يحبسني,حابسني,حبسوني,يحبسوني,حابسيني,قفل علي,بيقفل علي,يقفل علي}",
            "{ما بيخليني,ما يخليني,لا يسمح لي,ما بيسمحلي} {اطلع,بالخروج,اخرج}", "{مقفول,مسكر,مسكرين} علي",
            "{اخذوا,اخد,اخذ,حجزوا,سحبوا,اخدوا} {جوازي,جواز سفري,باسبوري,الباسبور}",
            "{يجبروني,اجبروني,بيجبروني,يجبرني,اجبرني} على", "{yedrobni,yadrobni,bidrobni,darabni,bi2tolni}",
            "{زواج,الزواج} {بالاكراه,بالغصب}", "{يضرب,بيضرب,ضرب} {امي,زوجته,مرته,اختي}",
            "{محبوسة,محبوس,محبوسين} {بالبيت,بالغرفة,في البيت,في الغرفة,بالشقة}",
        ],
        "child": [
            "{يضرب,بيضرب,ضرب,عم يضرب,يعذب,بيعذب,يعنف} {ابني,بنتي,ابنتي,الاولاد,الاطفال,اولادي,اطفالي,الولد,"
            "الولاد,البنت,ولدي,الطفل,طفلي,ولادي,ابنائي,الصغار,اخواتي الصغار,اخوتي الصغار,اخي الصغير,"
            "اختي الصغيرة}", "{يعتدي,اعتدى,بيعتدي} على {ابني,بنتي,ابنتي,الاطفال,الاولاد,طفلي}",
            "{يتحرش,تحرش,بيتحرش,عم يتحرش} {ببنتي,بابنتي,بابني,بالولد,بالبنت,بالاطفال,بالاولاد,بطفلي}",
            "{اغتصب,اغتصبوا} {ابني,بنتي,ابنتي}",
            "{ابني,بنتي,ابنتي,طفلي,الاولاد,الاطفال,ولادي} {في,ب,بال} خطر",
        ],
        "danger": [
            "{انا,احنا,نحن} {في,ب,بال} خطر", "{انا,احنا} بخطر", "{حياتي,حياتنا} {في,ب} خطر", "حياتي بخطر",
            "{رح,راح,ح,حي,بدو,بده,يريد,يبغى} {يقتلني,يقتلنا,يذبحني}", "يريد قتلي", "{خايفة,خايف} على حياتي",
            "{سيقتلني,حيقتلني,سيقتلنا,بدهم يقتلوني}", "{معه,معو,بيده,حامل,ماسك} {سكين,مسدس,سلاح,فرد}",
            "{يكسر,يكسرو,يكسروا,عم يكسروا,يكسرون,عم يكسر,كسر,بيكسر} الباب", "{الحقوني,الحقونا,تعالوا} بسرعة",
            "{يحاول,عم يحاول,يحاولون} {يدخل,الدخول,يفوت,يفتح الباب}",
            "{النجدة النجدة,النجدة بسرعة,الحقوني,انقذوني,انقذونا}",
            "{اطلبوا,اتصلوا} {الشرطة,بالشرطة,البوليس}", "{لحقني,عم يلحقني,بيلحقني,يلاحقني,يتبعني,لاحقني}",
            "{ما عم يتنفس,لا يتنفس,البيت عم يحترق,حريق بالبيت}",
        ],
    },
    "fa": {
        "self_harm": [
            "{می_خوام,می_خواهم,دلم می_خواد,دلم میخواد} {بمیرم,خودمو بکشم,خودم را بکشم}", "آرزوی مرگ",
            "خودکشی", "{خودمو,خودم را,خودم رو} {می_کشم,بکشم}", "به زندگیم {پایان,خاتمه} {بدم,میدم}", "خودزنی",
            "{نمی_خوام,نمی_خواهم,نمی_خوام دیگه} {زنده باشم,زندگی کنم,زنده بمونم}", "به خودم آسیب",
            "{رگمو,رگم رو,رگ دستمو} {زدم,بزنم,می_زنم}", "{mikham,mikhaam,mikhastam} bemiram",
            "{قرص زیاد,همه قرصامو,همه قرص_هامو,یه مشت قرص,یه بسته قرص} {خوردم,بخورم}",
            "{khodkoshi,khodkeshi,khodkushi}", "{khodamo,khodam ro} {mikosham,bekosham}",
        ],
        "violence": [
            "{منو,من را,مرا,منو باز,من رو} {می_زنه,میزند,زد,کتک می_زنه,کتک زد,کتک میزند}", "کتک {می_خورم,خوردم}",
            "{کتکم,کتک} {می_زنه,میزند,زد,میزنن,زدن}", "{تهدیدم,تهدید} {می_کنه,کرد,کرده,میکند}", "{بهم,به من} تجاوز",
            "تهدید به {قتل,مرگ}", "تجاوز {جنسی,کردن,کرد}", "{آزار,اذیت} جنسی", "حبسم کرده", "kotakam mizane",
            "{منو,من را,منو تو خونه} {زندانی,حبس} کرده", "{تو خونه,در خانه,تو اتاق} {حبس,زندانی}",
            "{نمی_ذاره,نمی_زاره,نمیگذاره} {برم بیرون,از خونه برم,بیرون برم}", "{mano,mano kotak} mizane",
            "{پاسپورتمو,پاسپورتم رو,پاسپورتم را,مدارکمو} {گرفتن,گرفته,گرفت}", "{می_زنتم,زدتم,کتکم زده}",
            "{قربانی,تحت} خشونت {خانگی,جنسی}", "خشونت {خانگی,جنسی} {می_بینم,دارم,هستم}",
            "{بهم,به من} دست_درازی", "دست_درازی {جنسی,کرد,می_کنه,کرده}", "{می_کشمت,می_کشمتون}",
        ],
        "child": [
            "{بچمو,بچم رو,بچه رو,بچه_ها رو,بچه_هارو,بچه_هامو,پسرمو,دخترمو,پسرم رو,دخترم رو,"
            "بچه_ام رو} {می_زنه,کتک می_زنه,زد,کتک زد,اذیت جنسی,آزار جنسی}", "{کودک,بچه} آزاری",
            "{به دخترم,به پسرم,به بچه_ام,به بچم} تجاوز", "{دخترمو,پسرمو,بچمو} {اذیت,آزار}",
            "{بچه_ام,بچم,بچه_هام,پسرم,دخترم} {در,تو} {خطره,خطر است,خطرن}",
        ],
        "danger": [
            "{در خطرم,در خطر هستم,در خطریم,تو خطرم}", "{جونم,جانم,زندگیم,جونمون} در {خطره,خطر است}",
            "{منو,من را,ما رو} بکشه", "{میاد,اومده} منو {می_کشه,بکشه}", "می_خواد {منو,ما رو} بکشه",
            "{چاقو,تفنگ,اسلحه,قمه} {داره,دستشه,دستش}", "با {چاقو,تفنگ,اسلحه,قمه} {پشت,جلوی,دم} {در,دره}",
            "{در رو,در خونه رو,در را} {می_شکنه,شکست,میشکنن}", "{می_خواد,می_خوان} بیاد تو", "dar khataram",
            "{به پلیس زنگ بزنید,پلیس خبر کنید}", "برای {جونم,جانم,زندگیم} می_ترسم",
            "به زور {بیاد,بیان,اومد,اومدن,میاد,میان} {تو,داخل}",
            "{دنبالمه,دنبالم می_کنه,دنبالم میاد,تعقیبم می_کنه,دنبالم کرده}",
        ],
    },
    "uk": {
        "self_harm": [
            "{хочу,хочеться,хотіла б,хотів би} {померти,вмерти,умерти}", "краще б я {померла,помер}",
            "{не хочу,не хочеться} {більше ,}жити", "жити не хочу", "не хочу так жити",
            "{покінчити,покінчу,покінчила,покінчив} з собою", "{накласти,накладу} на себе руки",
            "{вбити,вб'ю,убити,уб'ю} себе", "{самогубство,самогубства,суїцид,суїциду,суїцидальні}",
            "{порізала,порізав,ріжу,різала} {себе,собі руки,руки,вени}", "{порізати,різати,перерізати} вени",
            "{наковталася,наковтався,випила всі,випив всі,випила багато,випив багато} таблеток",
            "{вистрибну,стрибну,викинусь} з {вікна,балкона,мосту}", "{повішусь,повіситися}",
        ],
        "violence": [
            "{мене б'є,б'є мене,мене бив,бив мене,мене побив,побив мене,мене побила,побила мене,мене побили}",
            "{мене б'ють,б'ють мене,мене вдарив,вдарив мене,мене душив,душив мене,душить мене}",
            "{знущається з мене,знущаються з мене}", "мене {зачинили,замкнули,зачинив,замкнув}",
            "{погрожує,погрожував,погрожують} {вбити,мені,мене вбити}",
            "{зґвалтував,зґвалтували,згвалтував,згвалтували,зґвалтування,згвалтування}",
            "{зазнаю,терплю,жертва,потерпаю від} {домашнього,сексуального} насильства",
            "{зачинив,замкнув,зачинили,замкнули,зачиняє,замикає} мене",
            "{відібрали,відібрав} {паспорт,мій паспорт}", "{б'є,побив,бив} {брата,сестру,маму,матір,дружину}",
            "{не випускає,не випускають} {,мене }{з дому,з квартири,з хати}",
            "{у мене,в мене} {забрали,забрав,відібрали,відібрав} {паспорт,документи}",
            "{мене тримають,тримають мене,мене тримає,тримає мене} {в,у} {квартирі,хаті,будинку,кімнаті,"
            "підвалі}",
        ],
        "child": [
            "{б'є,бив,побив,б'ють,побили,вдарив,знущається з,знущаються з,домагається до,розбещує} {,мою ,"
            "нашу ,мого ,нашого ,його ,її }{дитину,дітей,сина,доньку,дочку,малого,малу,онука,онуку,"
            "молодшого брата,молодшу сестру}", "{б'є,бив,побив,б'ють,знущається з} {моїх,наших} дітей",
            "насильство над {дитиною,дітьми}", "{дитина,діти,син,донька} {в,у} небезпеці",
        ],
        "danger": [
            "{я,ми} {в,у} небезпеці", "{мені,нам} загрожує небезпека", "{з ножем,зі зброєю,з пістолетом}",
            "{моє,наше} життя {в,у,під} {небезпеці,загрозою}", "{у,в} нього {ніж,пістолет,зброя,сокира}",
            "{ламає,ламають,вибиває,виламує} двері", "{ломиться,ломляться} {,до нас ,до мене }{в,у} двері",
            "{намагається,намагаються} {увійти,залізти,вломитися}", "рятуйте", "викличте поліцію",
            "{мене вб'є,вб'є мене,мене вб'ють,хоче мене вбити,хочуть мене вбити,нас вб'є}",
            "боюся за {своє,моє} життя", "{не дихає,горить будинок,горить квартира}",
            "{переслідує мене,мене переслідує,за мною хтось іде,за мною йде,стежить за мною}",
        ],
    },
    "ur": {
        "self_harm": [
            "{مرنا,مر جانا} {چاہتی,چاہتا} ہوں", "{مرنا,مر جانا} {چاہتی,چاہتا}", "{خودکشی,خود کشی}",
            "اپنی جان {لے لوں,لینا,لے لوں گی,لے لوں گا}", "خود کو {مار لوں,مار دوں,ختم کر,نقصان}",
            "جینا نہیں {چاہتی,چاہتا}", "زندہ نہیں رہنا", "{اپنی,میری} زندگی ختم", "{کلائی,نس,نسیں} کاٹ",
            "{ساری,بہت ساری,بہت سی} گولیاں {کھا,کھا لیں}", "{marna,mar jana,marna hi} {chahta,chahti}",
            "{khudkushi,khud kushi,khudkashi,khudkhushi}", "{jeena,jina} nahi {chahta,chahti}",
            "apni jaan le",
        ],
        "violence": [
            "مجھے {مارتا,مارتی,مارتے,مارا,پیٹتا,پیٹا,روز مارتا,بہت مارا,بہت مارتا}", "{مار پیٹ,مارپیٹ}",
            "{مجھ پر تشدد,تشدد کرتا}", "{جان سے مارنے,مارنے,قتل} کی دھمکی", "{کمرے,گھر} میں بند",
            "{دھمکی,دھمکیاں} {دیتا,دیتی,دی,دیتے}", "{زیادتی ہوئی,زیادتی کی,ریپ,زبردستی کی,جنسی زیادتی}",
            "مجھے بند کر {رکھا,دیا}", "باہر نہیں جانے {دیتا,دیتے}", "پاسپورٹ {لے لیا,چھین,رکھ لیا}",
            "{mujhe,muje} {marta,maarta,mara,maara,peet,peetta}", "{dhamki deta,dhamkiyan deta,jaan se maar}",
            "گھریلو تشدد {کا شکار,سہہ رہی,سہہ رہا}",
        ],
        "child": [
            "{بچوں,بچے,بیٹے,بیٹی,بچی} کو {,بری طرح ,بہت ,روز }{مارتا,مارتی,پیٹتا,مارا,پیٹا,مارتے}",
            "{بچی,بیٹی,بچے,بیٹے,بچوں} {کے ساتھ زیادتی,پر تشدد}", "{بچہ,بچے,بچی,بیٹا,بیٹی} {,ابھی }خطرے میں",
            "{bachon,bache,bachay,bete,beti} ko {marta,maarta,mara}",
        ],
        "danger": [
            "خطرے میں {ہوں,ہیں,ہے}", "جان خطرے میں", "{چاقو,پستول,چھری,بندوق} ہے", "{دروازہ توڑ,گھر میں گھس}",
            "{مجھے,ہمیں} {مار ڈالے گا,مار دے گا,مار دیں گے}", "جان سے مار دے گا", "جان کا خطرہ",
            "{جلدی آئیں,جلدی آؤ,پولیس بلائیں,مجھے بچاؤ,بچاؤ بچاؤ}", "{maar,mar} {dega,dalega,daalega}",
            "{khatre,khatray} {mein,main,me} {hun,hoon,hu}", "jaan ka {khatra,khatrah}",
            "{میرا پیچھا کر رہا,میرا پیچھا کرتا,پیچھا کر رہا ہے}", "{چاقو,چھری,پستول,بندوق} لے کر",
        ],
    },
    "fr": {
        "self_harm": [
            "{veux,veu,voudrais,veut,envie de} mourir", "{vais,veux,veu,envie de} me tuer", "me suicider",
            "{suicide,suicidaire,suicider}", "{veux,vais,jvais,envie d} en finir", "en finir avec la vie",
            "{veux,veu,veut,envie de} {plus,pu,pas} vivre", "ne veux plus vivre", "plus envie de vivre",
            "{jveux,jveu,j'veux} {mourir,me tuer,plus vivre,pu vivre,en finir}", "me faire du mal",
            "mettre fin {a mes jours,a ma vie}", "{me scarifie,me scarifier,me taillader}", "me pendre",
            "me suis {coupe,coupee} les {bras,poignets,veines}", "{me couper,couper} les veines",
            "{avale,pris,prendre,avaler} {toute la boite de,tous mes,tous les,une boite de,"
            "plein de} {medicaments,cachets,comprimes}",
            "{sauter,me jeter} {du,de la,par la,sous} {pont,balcon,fenetre,train}",
        ],
        "violence": [
            "me {frappe,frappait,bat,battait,cogne,gifle,viole,brutalise,tabasse,etrangle}",
            "m'a {,encore ,deja ,encore une fois }{frappe,frappee,battu,battue,cogne,cognee,gifle,giflee,"
            "etrangle,etranglee,viole,violee,tabasse}", "m'{etrangle,etranglait,agresse,a agressee}",
            "{ete violee,ete viole,violee,viol}", "{agression,violence,violences} sexuelle{,s}",
            "{subis,subi,victime de,je vis des,je vis de la} {violence,violences} {conjugale,conjugales,"
            "domestique,domestiques}", "{menace,menacait,a menace} de me tuer", "{menaces,menace} de mort",
            "{me menace,m'a menacee}", "{m'enferme,m'a enferme,m'a enfermee,enfermee,sequestree,m'enfermait}",
            "ne me laisse pas sortir", "{pris,confisque,garde} mon passeport", "mariage force",
            "{forcer,force} a me marier", "{maltraitance,maltraite,maltraitee}",
        ],
        "child": [
            "{frappe,bat,a frappe,a battu,cogne,tape,maltraite,agresse,touche,viole,abuse de,"
            "gifle} {mon fils,ma fille,mes enfants,les enfants,mon enfant,l enfant,le bebe,mon bebe,"
            "nos enfants,son fils,sa fille,les petits}", "{violence,violences} sur {mon enfant,mes enfants}",
            "{maltraitance,maltraitances} {sur,d un,des} {enfant,enfants,mineur}", "attouchements",
            "{frappe,bat,tape} {mon,ma,mes,les} {petit,petite,petits}",
            "{mon enfant,mon fils,ma fille,mes enfants} {est,sont} en danger",
        ],
        "danger": [
            "{je suis,suis,jsuis,chui,on est,nous sommes} en danger", "{ma,notre} vie est en danger",
            "en danger de mort", "a un {couteau,pistolet,fusil}", "a une arme", "{va,vont,veut} me tuer",
            "{essaie,essaye,essayent} d'entrer", "{force,defonce,casse,enfonce} la porte", "venez vite",
            "au secours {il,elle,ils,venez,vite,au secours,aidez moi}", "appelez la police",
            "peur pour ma vie", "{quelqu'un me suit,il me suit,me suit partout,me suit jusqu'a}",
            "{ne respire plus,la maison brule,il y a le feu}",
            "{homme,type,mec,quelqu'un,il est la} avec un {couteau,pistolet,fusil,arme}",
            "{devant la porte,devant chez moi,a la porte,dehors,en bas} avec un {couteau,pistolet,fusil}",
        ],
    },
    "sq": {
        "self_harm": [
            "{dua,desha,du} {te,me} {vdes,dek}", "dua vdekjen", "{vras,vrase} veten", "nuk dua me jete",
            "{vetevrasje,vetevrasjen,vetevritem,vetevrasja}", "{nuk,s} dua {,me }{te,me} jetoj",
            "{i jap,ti jap,t i jap} fund jetes", "{pres,preva,prera,prerë} venat",
            "{piva,pi,pirë,kam pire} {gjithe,te gjitha} {ilacet,tabletat,hapjet}",
        ],
        "violence": [
            "{me,na} {rreh,rrahu,rrah,ka rrahur,rrahin,godet,goditi,qelloi,kercenon,kercenoi,ka kercenuar}",
            "{me,na} {perdhunoi,perdhunuan,ka perdhunuar}", "{perdhunim,perdhunuar,perdhunimi}",
            "me ngacmon seksualisht", "{vuaj,pesoj,jam viktime e} dhun{e,en,es} {ne familje,familjare}",
            "me {mban,mbajne} {te mbyllur,mbyllur,te mbyllme}", "nuk me le {te dal,me dal}",
            "me {mbyll,mbylli,ka mbyllur,mbyllen} ne shtepi", "me {moren,mori,mbajne,mban} pasaporten",
        ],
        "child": [
            "{rreh,rrahu,godet,goditi,ngacmon,abuzon,keqtrajton,abuzoi} {femijen,femijet,djalin,vajzen,"
            "cunin,gocen,te voglin,femiun}", "abuzim me femije",
            "{femija,femijet,djali,vajza} {,im ,ime ,jone }{eshte,jane} ne rrezik",
        ],
        "danger": [
            "{jam,jemi} ne rrezik", "jeta {ime,jone} {,eshte }ne rrezik", "{ka,mban} {thike,arme,pistolete}",
            "me {thike,arme,pistolete} ne dore", "do {me,na} vrase", "po {me,na} vret", "po perpiqet te hyje",
            "{dikush,nje burre} {po hyn,po perpiqet te hyje,do te hyje} ne shtepi", "ejani shpejt",
            "po {thyen,thyejne} deren", "thirrni policine", "{kam frike,frikesohem} per jeten {time,tone}",
            "{me ndjek,me ndiqte,po me ndjek}",
        ],
    },
    "ps": {
        "self_harm": [
            "غواړم {چې,چه,} مړ شم", "{ځان وژنه,ځانوژنه}", "{خپل ,}ځان {وژنم,ووژنم,به ووژنم,ووژنم به}",
            "{نه غواړم ژوند,ژوند نه غواړم}", "ژوندی {پاتې کیدل,اوسېدل} نه غواړم", "ځان ته زیان",
            "{ګولۍ,ګولی} مې {وخوړې,وخوړلې}",
        ],
        "violence": [
            "ما {وهي,ډیر وهي,وهلې,وهلی,یې ووهلم,ووهله}", "ووهلم", "وهل ټکول", "ما ته ګواښ",
            "{جنسي تیری,راباندې تیری,جنسي ځورونه}", "{ګواښ کوي,ګواښ یې کړی,ګواښونه کوي}",
            "{بند کړې,بنده کړې,بند کړی,بند یې کړی} یم", "په کور کې {بند,بنده}",
            "پاسپورټ {یې اخیستی,مې اخیستی,مې واخیست}",
            "{د کورني,کورنی} {تاوتریخوالی,تاوتریخوالي,تشدد} {ښکار یم,سره مخ یم}",
        ],
        "child": [
            "{ماشوم,ماشومان,ماشومانو,زوی,لور,بچي,اولاد} {وهي,یې وهي,مې وهي,یې ووهل,یې وهلي}", "ماشوم مې وهي",
            "ماشومانو ته زیان", "{ماشوم,ماشومان,زوی,لور} {مې ,}په خطر کې",
            "{لور,زوی,ماشوم,ماشومانو} {مې ,}ته ګواښ",
        ],
        "danger": [
            "په خطر کې {یم,یو,دي}", "ژوند مې په خطر کې", "{چاقو,چاړه,ټوپک,تومانچه} {لري,یې په لاس}",
            "د ننوتلو هڅه", "دروازه {ماتوي,ماته کړه}", "ما به ووژني", "ما وژني", "{ژر راشئ,پولیس راوغواړئ}",
            "د خپل ژوند {ویره,وېره} لرم", "په زور {ننوځي,راننوځي,راننوت,ننوتل}", "کور ته {ننوځي,راننوځي}",
            "{پسې راځي,تعقیبوي مې,ما تعقیبوي}",
        ],
    },
    "ku": {
        "self_harm": [
            "dixwazim {bimirim,bimrim}", "xwe {bikujim,dikujim,kusti,bikuje}", "{xwekuji,xwekujti,xwekushti}",
            "{naxwazim,ez naxwazim} {edi ,}{bijim,bijim edi}", "edi naxwazim bijim",
            "{jiyana xwe,dawiya jiyana xwe} biqedinim", "xwe birindar {dikim,kir}",
            "{hemu heban,hebên xwe hemu} xwar",
        ],
        "violence": [
            "li {min,me} {dixe,xist,dida,dixin}", "{min,me} {ledixe,lexist,dikute,kutaye}",
            "gef li {min,me} {dixwe,dixwin,xwar}", "{tehdit,tehdid} {dike,kir}",
            "{tecawiz,tecawuz,destdirejiya zayendi,destdireji li min}", "di male de {girtiye,girt,girti}",
            "{nahele,nahelin} {ez ,}derkevim", "pasaporta min {girtin,girt}",
            "ez rasti {tundiye,tundiya malbati,siddete} {tem,hatim}",
        ],
        "child": [
            "li {zarokan,zaroken min,zaroka min,zaroke min,kure min,keca min,zaroken me,zaroke} {dixe,xist,"
            "dida}", "destdireji li {zarokan,keca min,kure min}",
            "{zarok,zaroka min,zarokê min,zaroken min} di {xetere,talukeye} de",
        ],
        "danger": [
            "di {xetere,talukeye} de {me,ne}", "jiyana min di {xetere,talukeye} de", "{werin zu,zu werin}",
            "{ker,kerek,kera wi,cek,demance} {di deste wi de,heye}", "{de,e,we,dixwaze} min bikuje",
            "{bikeve male,bikeve mala min,bikevin male}", "deri {diskine,diskenin}", "polis bang bikin",
            "ji jiyana xwe {ditirsim,ditirse}", "bi {kere,ker,ceke,demance} li ber deri",
            "{li pey min te,li pey min tên,dide pey min}",
        ],
    },
    "so": {
        "self_harm": [
            "{inaan,in aan} {dhinto,dhimo,dhimto}", "naftayda {qaado,ka qaado,dilo}", "nolol ma rabo",
            "{is dili,isdili,is dilo,is dilayaa,is dilaya,isdilid,is dilid}",
            "{ma rabo,ma doonayo} {inaan,in aan} {sii ,}noolaado", "{is dhaawac,is jarjaray,is jaray}",
            "{kiniinno badan,dhammaan kiniiniyada}",
        ],
        "violence": [
            "{i,na} {garaaca,garaacaa,garaacay,garaacaya,garaaco,dhuftay,dhufta}", "hanjabaad",
            "{kufsaday,kufsi,la i kufsaday,i kufsaday,kufsadeen}", "igu {xiray,xiran,xirtay}",
            "{igu,iigu,nagu} {hanjabay,hanjabaa,hanjabaya}", "{xadgudub galmo,tacadi,tacaddi}",
            "{baasaboorka,baasaboorkayga} {iga qaaday,ayuu iga qaaday}", "waan ku {dilayaa,dili doonaa,dili}",
        ],
        "child": [
            "{ilmaha,ilmahayga,carruurta,carruurtayda,wiilkayga,gabadhayda,cunugga,cunuggayga} {garaaca,"
            "garaacaa,garaacay,garaacaya,ayuu garaacaa,ayuu garaacay,wuu garaacaa,wuu garaacay,buu garaacaa,"
            "kufsaday}", "{garaaca,garaacaa,garaacay} {ilmaha,carruurta,wiilkayga,gabadhayda,cunugga}",
            "{ilmaha,ilmahayga,carruurta,wiilkayga,gabadhayda} khatar {ayuu,ayay,ayey} ku {jiraa,jiraan,"
            "jirtaa}",
        ],
        "danger": [
            "khatar {ayaan,baan,ayaannu} ku {jiraa,jirnaa}", "{ku jiraa,ku jira} khatar", "booliska u yeer",
            "{naftayda,nafteyda} khatar", "{mindi,middi,qori,bastoolad} {ayuu,buu,wuu} {haystaa,sitaa,hayaa}",
            "{mindi,middi} {haysta,sita}", "{i dili doonaa,i dilayaa,i dilaya,na dili doonaa}",
            "guriga soo {galo,galaya,galay}", "albaabka {jebinaya,jebiyay,jabinaya}",
            "{naftayda,nafteyda} {ayaan,baan} u baqayaa", "{i daba socda,i daba socdo,i raacaya}",
        ],
    },
    "ru": {
        "self_harm": [
            "{хочу,хочется,хотела бы,хотел бы} {умереть,помереть,сдохнуть}", "лучше бы я {умерла,умер}",
            "{не хочу,не хочется} {больше ,}жить", "жить не хочу", "не хочу так жить", "{убью,убить} себя",
            "{покончу,покончить,покончила,покончил} с {собой,жизнью}", "{вскрыть,вскрою,вскрыла,резать} вены",
            "{самоубийство,самоубийства,суицид,суицида,суицидальные}", "{повешусь,повеситься}",
            "{порезала,порезал,режу,резала} {себя,себе руки,руки,вены}", "{наложить,наложу} на себя руки",
            "{наглоталась,наглотался,выпила все,выпил все,выпила много,выпил много} таблеток",
            "{выпрыгну,прыгну,выброшусь} {из окна,с балкона,с моста}", "руки на себя наложить",
        ],
        "violence": [
            "{меня бьет,бьет меня,меня бьют,бьют меня,избил меня,меня избил,избивает меня,меня избивает}",
            "{ударил меня,меня ударил,бил меня,меня бил,душил меня,душит меня,меня избили}",
            "{угрожает,угрожал,грозится,угрожают} {убить,мне,меня убить}", "{запер,заперли,запирает} меня",
            "{изнасиловал,изнасиловали,изнасилование}", "меня {запер,заперли,запирает}",
            "{подвергаюсь,терплю,жертва,страдаю от} {домашнего,сексуального} насилия", "держ{ит,ат} взаперти",
            "не выпуска{ет,ют} {,меня }из дома", "{отобрали,отобрал} {паспорт,мой паспорт}",
            "у меня {забрали,забрал,отобрали,отобрал} {паспорт,документы}",
            "{избивает,бьет,избил} {брата,сестру,маму,мать,жену}",
            "{меня держат,держат меня,меня держит,держит меня} в {квартире,доме,комнате,подвале}",
        ],
        "child": [
            "{бьет,бил,избил,избивает,бьют,избили,ударил,издевается над,домогается до,домогается,трогает,"
            "растлевает} {,моего ,нашего ,моих ,наших ,мою ,нашу }{ребенка,детей,сына,дочь,дочку,дочери,"
            "малыша,внука,внучку,младшего брата,младшую сестру}", "насилие над {ребенком,детьми}",
            "{ребенок,дети,сын,дочь,дочка} в опасности",
        ],
        "danger": [
            "{я,мы} в опасности", "{моя,наша} жизнь в опасности", "жизнь под угрозой", "спасите",
            "у него {нож,пистолет,оружие,топор}", "{с ножом,с оружием,с пистолетом}", "вызовите полицию",
            "{ломится,ломятся} {,ко мне ,к нам }в дверь", "{ломает,выламывает,ломают} дверь",
            "{пытается,пытаются} {залезть,войти,вломиться}", "боюсь за свою жизнь",
            "{он меня убьет,меня убьет,убьет меня,меня убьют,хочет меня убить,хотят меня убить}",
            "{выломать,сломать,выбить,выламывают,выбивают} дверь", "{не дышит,горит дом,горит квартира}",
            "{преследует меня,меня преследует,за мной кто то идет,за мной идет,следит за мной}",
        ],
    },
}

# Ordinary expressions that contain a crisis word but are not a crisis; removed before matching.
# They are matched as written (not through the Greeklish skeleton), so Greeklish ones are listed in Latin.
SAFE_PHRASES: list[str] = [
    "κινδυνεύ{ω,ουμε,ει,ουν,εις,ετε} να {χάσω,χάσουμε,χάσει,χάσουν,μείνω,μείνουμε,μείνει,μείνουν,κοπεί,"
    "κοπούν,μας,μου,του,της,τους,το,τα,την,τον,πάρω,πληρώσω,βγω}", "{a,the} car hit me",
    "{με,μας} {απειλεί,απειλούν,απείλησε,απείλησαν} με {πλειστηριασμό,κατάσχεση,έξωση,διακοπή}",
    "με χτύπησε {ένα ,μια ,το ,η ,}{αυτοκίνητο,αμάξι,μηχανή,μηχανάκι,λεωφορείο,ταξί,φορτηγό,ρεύμα,κεραυνός}",
    "domestic violence {awareness,prevention,seminar,workshop,training,course,campaign}",
    "in danger of {losing,being,getting}", "в опасности {потерять,остаться,лишиться}",
    "me {xtypise,xtipise,htypise,htipise,xtyphse,xtiphse,xtupise,chtypise} {,ena ,mia ,to ,h ,"
    "i }{aftokinito,autokinito,autokinhto,aytokinhto,amaxi,mhxanh,mixani,mhxanaki,mixanaki,moto}",
    "{ورشة,ورشة توعية,ندوة,محاضرة,توعية} عن العنف {الاسري,المنزلي}", "en danger de {perdre,etre,me faire}",
    "{threatens,threatened,threatening} to {evict,cut,take} {me,us,our,my}",
    "{με,μας} {απειλεί,απειλούν,απείλησε,απείλησαν} {ότι θα,να} {μας,με} {βγάλει,διώξει,πετάξει,κόψει}",
    "{يهددنا,يهددني,هددنا,هددني,بيهددنا,بيهددني} {بالطرد,بالاخلاء,بقطع,بالشرطة}",
    "تهدید {کرده,کرد,می_کنه} {بیرونمون,بیرونم,که بیرونمون,که بیرونم,به تخلیه,به اخراج}",
    "{نکالنے,بے دخل کرنے,کاٹنے,نکال دینے} کی {دھمکی,دھمکیاں}",
    "{me,na} {kercenon,kercenoi} {se,qe} do {me,na} {nxjerre,nxjerri,perjashtoje,hedhe}",
    "gef li {me,min} {dixwe,dixwin,xwar} ku {me,min} {derxîne,derxe,derxin,biavêje}",
    "ګواښ کوي چې {له کوره,له کور} {مو,مې,مو به} {باسي,وباسي}",
    "{угрожает,угрожают,угрожал} {выселить,выгнать,отключить}",
    "{погрожує,погрожують,погрожував} {виселити,вигнати,відключити}",
    "{menace,menacent,a menace} de nous {expulser,couper,mettre dehors}",
    "{noogu,iigu,igu} hanjabay inuu {na,i} {saarayo,saaro}",
    "en finir avec {ce,cette,ces,le,les,mon,ma,mes} {dossier,demande,procedure,papiers,histoire,probleme,"
    "situation,logement,dette,dettes}",
    "{забрали,забрал,отобрали} {паспорт,документы} на {проверку,рассмотрение,оформление,продление}",
    "{забрали,забрав} {паспорт,документи} на {перевірку,розгляд,оформлення,продовження}",
    "{took,take,kept} my passport {for,to} {renewal,the renewal,the application,a copy,copy,check}",
    "{μου,μας} {πήραν,πήρανε,κράτησαν} το διαβατήριο {για,στην} {ανανέωση,έλεγχο,υπηρεσία}",
]
# fmt: on

_BRACES = re.compile(r"\{([^{}]*)\}")
_FINAL_ARABIC = str.maketrans({"ي": "ى", "ة": "ه"})
# What Persian, Urdu and Pashto look like typed on a Persian or an Arabic keyboard.
_PERSIAN_KEYBOARD = str.maketrans("يكېۍےګښږټٹډڈړڑڼںہھ", "یکیییگشژتتددررننهه")
_ARABIC_KEYBOARD = str.maketrans({"ی": "ي", "ک": "ك"})
# Greek spellings the skeleton reads as common Greeklish does: τη as "th" (θ), κη as "kh" (χ), χ as "h" (η)...
_GREEKLISH_TWINS = (("τη", "θ"), ("κη", "χ"), ("αυ", "αφ"), ("ευ", "εφ"), ("χ", "η"), ("ξ", "χ"))


def _spell_out(phrase: str) -> list[str]:
    """Every phrase the ``{a,b}`` alternatives stand for, in order."""
    match = _BRACES.search(phrase)
    if match is None:
        return [phrase]
    head, tail = phrase[: match.start()], phrase[match.end() :]
    return [spelt for option in match.group(1).split(",") for spelt in _spell_out(head + option + tail)]


def _spellings(language: str, phrase: str) -> list[str]:
    """The ways people type one phrase: apostrophes, keyboards, Greeklish twins (see the module docstring)."""
    forms = [phrase]
    if "'" in phrase:
        forms += [form.replace("'", "ʼ") for form in forms] + [form.replace("'", "") for form in forms]
    if language in ("fa", "ur", "ps"):
        persian = [form.translate(_PERSIAN_KEYBOARD) for form in forms]
        forms += persian + [form.translate(_ARABIC_KEYBOARD) for form in persian]
    if language == "el" and has_greek(phrase):
        for greek, twin in _GREEKLISH_TWINS:
            forms += [normalise(form).replace(greek, twin) for form in forms if greek in normalise(form)]
    if language == "ar":
        forms += [re.sub(r"\S\b", lambda end: end.group().translate(_FINAL_ARABIC), form) for form in forms]
        forms += ["و" + form for form in forms]
    return list(dict.fromkeys(forms))


def _expanded(language: str, phrases: list[str]) -> list[str]:
    """Every spelling of every phrase, once each, in order (``_`` is a space or nothing, independently)."""
    spelt = [spelt for phrase in phrases for spelt in _spell_out(phrase.replace("_", "{, }"))]
    return list(dict.fromkeys(spelling for phrase in spelt for spelling in _spellings(language, phrase)))


CRISIS_PHRASES = {
    language: {kind: _expanded(language, phrases) for kind, phrases in kinds.items()}
    for language, kinds in CRISIS_PHRASES.items()
}
SAFE_PHRASES = list(
    dict.fromkeys(
        spelling
        for phrase in SAFE_PHRASES
        for language in (("ar", "fa") if re.search("[\u0600-\u06ff]", phrase) else ("",))
        for spelling in _expanded(language, [phrase])
    )
)
