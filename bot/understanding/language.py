"""Offline language identification of a first message: Greek script, Greeklish, our own words, then py3langid.

py3langid (a naive Bayes model over byte n-grams, shipped inside its wheel) knows all twelve of our languages,
Pashto, Kurmanji and Somali included; it is restricted to them and, further, to the languages of the message's
script. Letters that one language of a script never writes (Pashto ټ, Urdu ے, Ukrainian і, Russian ы) weigh the
ranking, because a short message gives the model little else to go on. Latin text is first read for Roman Urdu,
Finglish (Persian in Latin letters) and Greeklish, whose words the model does not know: Greeklish by the sound
skeletons of common Greek words (a typo in a long word still meets its word), spellings only Greeklish writes
("8elw", "exw") and short function words, the sounds other languages share counting half.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from bot.understanding.identifier import restricted_identifier
from bot.understanding.lexicon import (
    crisis_examples,
    crisis_phrases,
    greek_words,
    greetings,
    intent_examples,
    keywords,
    request_examples,
)
from bot.understanding.models import TextClassifier, train
from bot.understanding.text import greek_letters, has_greek, normalise, skeleton
from storage.enums import Language

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

# Below these the first message is not clear enough, and the citizen is asked.
MIN_CONFIDENCE = 0.5
MIN_MARGIN = 0.15
MIN_LETTERS = 3

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[a-z]")
SCRIPT_LANGUAGES = {
    "arabic": (Language.AR, Language.FA, Language.UR, Language.PS),
    "cyrillic": (Language.UK, Language.RU),
    "latin": (Language.EN, Language.FR, Language.SQ, Language.KU, Language.SO),
}

# Letters a language of the script never writes, and how much a message with one weighs against it. Arabic
# letters are read before normalisation, which spells Arabic yeh and kaf the Persian way.
_PASHTO_ONLY = "ټډړږښګڼۍېځڅ"
_URDU_ONLY = "ٹڈڑںےۓھ"
# Letters of Urdu (its own heh ہ among them) that Persian, Arabic and Pashto do not write.
_URDU_LETTERS = _URDU_ONLY + "ہ"
PERSIAN_HEH_WEIGHT = 0.3
_NEVER: dict[Language, tuple[tuple[str, float], ...]] = {
    Language.AR: ((_PASHTO_ONLY + _URDU_ONLY + "پچژگ", 0.01), ("یک", 0.3)),
    Language.FA: ((_PASHTO_ONLY + _URDU_ONLY, 0.01), ("ةيك", 0.3)),
    Language.UR: ((_PASHTO_ONLY, 0.01), ("ةيك", 0.3)),
    Language.PS: ((_URDU_ONLY, 0.02), ("ة", 0.3)),
    Language.UK: (("ыэъё", 0.01),),
    Language.RU: (("іїєґ", 0.01),),
}
# Everyday words that one language of a script writes and its neighbours do not: short messages between
# Ukrainian and Russian, or Arabic, Persian, Urdu and Pashto, turn on them. Each one found weighs its language
# by TELL_WEIGHT, up to TELL_WEIGHT ** MAX_TELLS. Arabic words with the article ال- count as Arabic tells too.
_TELLS = {
    Language.UK: (
        "де коли як яка який яке які що чи будь ласка дякую вітаю можна мені мене ви він вона вони чоловік допомога "
        "допомогу допомоги прийом запис записатися немає нема треба дуже тому але також зараз сьогодні ранку години "
        "роботи адреса дитина дитини дітей діти їжа гроші житло добрий доброго працюєте хтось нічого мій моя моє мої "
        "ще вже це цей ця потрібна потрібно потрібен щоб бо після зранку вдома завжди або якщо тільки чому скільки "
        "котра котрої котру котрій годину годині хоче хочемо квартири квартира господар людиною людина бабуся "
        "бабусі скасувати скасуйте записаний"
    ),
    Language.RU: (
        "где когда как какой какая какие что чтобы пожалуйста спасибо здравствуйте можно мне меня вы он она они муж "
        "помощь помощи прием запись записаться нет нужно нужна нужен надо очень сейчас сегодня работа работы часы "
        "адрес ребенок ребенка дети детей еда деньги жилье доброе работаете кто ничего мой моя мое мои еще уже это "
        "этот эта который после утром дома всегда или если тоже только хорошо почему сколько"
    ),
    Language.AR: (
        "في على هل ما لا انا أنا اريد أريد بدي شو ممكن عندي عندنا هذا هذه كيف متى وين اين أين ليش لماذا الى إلى مع "
        "عن لو سمحت حدا كتير هيك يعني شي ماذا نعم لي احتاج أحتاج"
    ),
    Language.FA: (
        "است هست هستم هستید هستین میخوام میخواهم می را رو به با از که این آن اون یه یک دارم ندارم داریم کنم کنید "
        "میشه لطفا چی چیه کجا کجاست چطور چرا خیلی برای شما ممنون مرسی بله باید میتونم نمیتونم بیام خوام "
        "فردا امروز دیروز بازین بازید بازه میدین میدید دارین دارید هستین نداریم چیکار چطوری واسه اینجا میاد کنین "
        "هیچی خونه همش یه مدارکی بچه‌ها بچه ها وقتی دیگه "
        # Persian words Urdu, Arabic and Pashto say otherwise (Urdu مدد، پیسے، کرایہ، آپ; Pashto مرسته، پیسې).
        "کمک کمکم ساعت کاری چیست کیه کیست نوبت نوبتم وقتم ملاقاتم سیار خانه خانواده پول اجاره مدارک فرزند "
        "فرزندم شوهرم همسرم مادرم پدرم بچه‌ام بچم بچیم کارمند صحبت حرف بزنم بیایم بیاییم بگیرم بدهید میدهید "
        "می‌دهید میتوانم می‌توانم نمیتوانم نمی‌توانم میشود می‌شود نمیشه میکنید می‌کنید میکنین میخواستم "
        "می‌خواستم میخواهیم میخوایم میخایم استم تشکر بسیار ببخشید خوبید خوبین خوب هستید هستم نیست نیستم "
        "آدرس کدام کدوم چند تا شده نشده نیامده نیومده "
        # Subscribing and stopping, which short first messages are about: Arabic and Urdu say these otherwise.
        "عضویت عضو پیام پیامک پیامها پیام‌ها نفرستید نفرستین بفرستید بفرستین قطع لغو کنسل"
    ),
    Language.UR: (
        "ہے ہیں هے هیں کیا میں کے کا سے کو نے اور آپ مجھے مجهے ہم نہیں نهیں چاہیے چاهیے ہوں ہو گا گی تھا تھی "
        "لیے کب کہاں کیسے کون سکتے سکتا سکتی کرنا"
    ),
    Language.PS: (
        "زه ته په د له سره دی ده دي یم یاست یې چې کوم څنګه غواړم کړم کړئ وکړم مو مې تاسو موږ زما ستاسو هغه دا نشته "
        "شته کې ولې ډېر ډیر خو لرم لرو کولی شم شي شئ کله چیرته څومره مرسته ستونزه اړتیا غواړئ راته ماته ورته یو دوه "
        "ووایاست وکړئ راکړئ کوئ کوو لپاره کیږي کیږئ کیږی شوی شوې وي دلته سبا نن ورځ بجې خلاص خواړه "
        # The same words typed on a Persian keyboard, which has no ړ, ږ, ګ or ښ: written with ر, ز, گ and ش or
        # with the letters left out, Pashto has only its words to show.
        "وکری کری کړی کوی ووهی ووهئ غوارم غواری غوارو غوړم ستاسی ستاسې زمونږ زمونر زموږ مونږ مونر موږ څوک "
        "چیری ښه شه ښځه ښځې ماشوم ماشومان ورور وروره وروڼه خوره پلار راشئ راشم راشی ورکړئ ورکری راکړه راکره وکړه "
        "وکره"
    ),
}
TELL_WEIGHT = 3.0
MAX_TELLS = 3

# Urdu written in Latin letters ("Roman Urdu": "mujhe madad chahiye", "aap kab khulte hain"), which py3langid
# takes for English or Somali. Its frequent function words and everyday verbs: the first list holds words no
# other Latin-script language of ours writes (each counts one), the second short ones that English, French,
# Somali, Kurmanji or Greeklish also write ("ke", "se", "ka", "ho", "main"), counting half. A text is Urdu when
# it has two words of the first list, or one and a share of ROMANISED_SHARE of its words.
_ROMAN_URDU_WORDS = """
    hai hain hay hein hoon hota hoti hote hoga hogi honge thi thay hue hui mujhe mujhay mujhko mjhe muje mje
    mera meri mere hamara hamari hamare humara humari humein hamen hume aap ap aapka apka aapki apki aapke apke
    aapko apko tum tumhara tumhari tumhe unhe unka unki uska uski usko kya kia kyun kyon kaise kese kaisay
    kahan kahaan kidhar kab kitne kitna kitni kaun kon konsa kaunsa kisi nahi nahin nai nhi chahiye chahiay
    chahie chahta chahti chahte chaahiye karna karni karne karta karti karte kiya kiye kijiye kijye karein
    karen dein dijiye dijye sakta sakti sakte skta skti sakein raha rahi rahe rha rhi gaya gayi gaye gya gyi
    jaye jata jati jate lena leni lene dena deni dene milna milta milti milte milega milegi milenge bohat bohot
    bahut boht bht kuch kuchh koi sab sirf abhi phir lekin magar agar aur bhi wala wali wale liye lye baat waqt
    ghar paisa paise madad khana khane insaan bhai behen bhabhi jee shukriya meharbani assalam assalamu alaikum
    walaikum aslam salaam baje khulte khulta khulti daftar kaghzat kagzat zaroorat zarurat yahan wahan idhar
    udhar achha acha theek thik haan aayegi aayega aayengi aayenge ayegi ayega aaye aaen aaenge mahine mahina
    mahinay karo kardo bhejo bhejna bhejain bhejen
"""
_ROMAN_URDU_SHORT_WORDS = """
    ka ki ke ko se me mein main ho na to ye yeh wo woh log hum kal aaj din ghanta hal mil band hu pata do kar
    jab
"""
# Each romanised language below is recognised alike (RomanisedWords): two words of its own list, or one that with
# the shared words makes this share of the text.
ROMANISED_SHARE = 0.3
_ROMAN_URDU = frozenset(_ROMAN_URDU_WORDS.split())
_ROMAN_URDU_WEAK = frozenset(_ROMAN_URDU_SHORT_WORDS.split())

# Persian written in Latin letters ("Finglish": "salam, farda saat chand baz mikonid?", "mikham vaght begiram"),
# which py3langid takes for Somali, Kurmanji or Albanian. As for Roman Urdu: words only Finglish writes count one,
# short ones other languages write too ("man", "ba", "az", "saat", "salam") half; two of the first, or one and a
# share of ROMANISED_SHARE, make a text Persian.
_FINGLISH_WORDS = """
    mikham mikhastam mikhaim mikhaym mikhahim mikhad mikhay mikhan mitunam mitoonam mitonam mitunid mitoonid
    mitonid mitunin mitoonin mitunim mishe mishod mishavad nemishe mikonid mikonin mikonam mikone mikonan konid
    konin konam konim bokonam bokonid bokonin bedid bedin bedam bedim begiram begirim begirin begid begin begam
    bezanam bezanim bezanid biam biyam biaim biyaim miad miyad miam miyam midid midin midan midahid mirid miram
    mire hastid hastin hastam hastim hasti nistam nistid nist nadaram nadarim nadarid darid darin daram darim
    kojast kojaye kojaii chetor chetori chetorid chetoriid chera chie chiye chiz chizi chikar chekar hichi lotfan
    mamnoon mamnun mamnunam mamnoonam kheili kheyli khaili khoda khodahafez khodafez baraye barae baraie vase
    vaseye emruz emrooz diruz dirooz farda fardah alan daftaretun daftaretoon daftareton daftar khune khoone
    khooneh khaneh madarek madareki lazem lazeme darkhast nobat nobatam vaght vaghtam vaqt sohbat komak komaki
    komakam yaraneh yarane ejare ejareh hazine hazineh farzand farzandam shoharam hamsaram madaram pedaram
    bacheham bachem ghaza shoma
    khubid khoobid khubin khoobin khubi khoobi khobam khubam sobh bekhair bekheir bakhshid bebakhshid tashakor
    dorood doroud inja injast unja oonja kojaid kojayid baz basteh baste ruz rooz sobh asr shab saate tamas
    harf mizanid mizanin mizanam mizani mifahmam mifahmid nemifahmam nemifahmid balad baladam baladid baladin
    kardam kardid kardin shodam bayad nemidunam nemidoonam midunam midoonam farsi tarjome tarjomeh motarjem
    payam payamak nafrestid nafrestin befrestid qat ghat laghv ozviat ozviyat
"""
_FINGLISH_SHORT_WORDS = """
    man ma ba az dar be ke ro ra va ham chi ki key saat salam merci pool pul bache bacheha in on una ina chand
    yek ye do se
"""
_FINGLISH = frozenset(_FINGLISH_WORDS.split())
_FINGLISH_WEAK = frozenset(_FINGLISH_SHORT_WORDS.split())

# Pashto written in Latin letters ("za mrasta ghwaram", "staso daftar sanga da?"), which py3langid has never
# seen and takes for Somali or English. As for Roman Urdu and Finglish: words only Roman Pashto writes count
# one, short ones others write too ("da", "pa", "la", "za") half.
_ROMAN_PASHTO_WORDS = """
    ghwaram ghwarum ghwarom ghwaro ghwari ghwaray ghwarai kawam kawalay kawale kawaly kawai kawi kawoo kawo
    kawu kawey kawom sanga tsanga senga tsenga tsa staso stasu tasu taso tasi zama zamung zamoong zmong mung
    moong mong yem yee manana manena mehrabani mrasta mrasty mrasti mrastay kaghazuna kaghazona kaghazoona
    rawrum rawram rawrem raworam rawrom rawrai rashai rashay razai dalta halta parun pohegam pohigam pohezham
    lare laram larey laro wraz khlas khalas shwe shwi shwy raghali raghlay raghle myasht kra kre
    raleggai raleggay ralegai ralegay raleg leggai wrorra wrora khoraa
    napohegam napohigam napoheg pukhto pakhto pashto pushto khabara khabary owaya owayai wayam wayai wrasara
    warsara krai kray wror plar mashoom mashom mashuman mashoman khaza khazi wakht bajy shta nishta raka rakai
    rakey rakrai rakray wakrai wakray sham shay shai lidal lidalay ledalay kedai kegi
"""
_ROMAN_PASHTO_SHORT_WORDS = """
    da pa la za ta ao aw na ki ke che chi sara me mi mo ba sta de dy kor mor khor wi we kala wali nor bas razi
    para kom paisay
"""
_ROMAN_PASHTO = frozenset(_ROMAN_PASHTO_WORDS.split())
_ROMAN_PASHTO_WEAK = frozenset(_ROMAN_PASHTO_SHORT_WORDS.split())

# Arabic written in Latin letters ("Arabizi": "shu el awra2 yalli lazem", "3andi maw3ed"), digits standing for
# the letters Latin lacks (2 hamza, 3 ain, 5 kha, 7 ha, 9 qaf). A word with 2, 5, 7 or 9 inside counts as one of
# its own (Greeklish writes 8 and 3, never these); otherwise as for Roman Urdu ("lazim" is Kurmanji too).
_ARABIZI_WORDS = """
    shu sho shou eish baddi badi bade bidi biddi 3ayez 3ayz 3awez 3awz 3ayza momken mumken mumkin momkin 3andi
    3ndi 3andak 3andek 3anna 3ana yalli illi elli kteer ktir ahlan marhaba shukran chokran habibi
    inshallah yalla wein fein feen emta imta ematy adesh addesh leish lesh leh meen shi shway shwaya hala2
    halla2 hallaq ba3d ba3den ma3 3al 3an wa2t wa2et maw3ed mo3ed maw3id awra2 awraq mosa3ade mosa3adeh
    musa3ada mosa3da 3arabi tarjameh tarjame b7ki bte7ki bt7ki ba7ki beit bait zawji jozi mrati marti wlad
    awlad tayyeb tayeb mashi bukra bokra el7in hal2 hek heik kaman kamen ezay izay mesh msh mish lel lil enno
    inno ento entu ehna e7na 3aref 3arfa 3enwan 3enwanak 3andkom 3ndkom sme3et sme3t kuponat
"""
_ARABIZI_SHORT_WORDS = """
    ana enta inti anta fi fih ma la w wa ya el al salam hal min kif kef lazem lazim
"""
_ARABIZI = frozenset(_ARABIZI_WORDS.split())
_ARABIZI_WEAK = frozenset(_ARABIZI_SHORT_WORDS.split())
_ARABIZI_DIGIT = re.compile(r"[a-z][2579]|[2579][a-z]")

# Russian and Ukrainian in Latin letters ("zdravstvuyte, mozhno po russki?", "bud laska, de vy znakhodytes?"),
# from phones without a Cyrillic keyboard. Each language's own words count one, words both write or other
# Latin languages write too ("ya", "vy", "de", "net", "znayu") half.
_LATIN_RUSSIAN_WORDS = """
    zdravstvuyte zdravstvujte zdrastvuyte zdrastvujte privet pozhaluysta pozhalujsta pojaluysta pozhalusta
    pozhaluista spasibo mozhno mojno nuzhno nujno nuzhna nuzhen pomoshch pomosh pomoshi pomogite ponimayu
    ponimaju russki russkiy russkom grecheski grecheskiy gde kogda skolko rabotaete podskazhite skazhite
    menya mne ochen seychas segodnya chto pochemu eto moy moya muzh rebenok khochu mogu mozhete zapisatsya
    zapis vrach spravka adres tsentra centra vas vam nas doehat doekhat doyekhat dobratsya dobratsa priehat
    priekhat priyekhat rasskazhite
"""
_LATIN_UKRAINIAN_WORDS = """
    dobryi dobryy dobrogo dobroho dyakuyu diakuiu dyakuju laska budlaska mozhna potribno potribna potriben
    dopomoha dopomoga dopomohty dopomogty rozumiyu rozumiju ukrainskoyu ukrainskoi ukrayinskoyu ukrainskoju
    perekladach pereklad koly skilky pratsyuyete pratsyuete meni mene chy shcho shchob zaraz sohodni syohodni
    hretskoyu hrecku grecku gretsku znakhodytes znahodytes adresa
"""
_LATIN_CYRILLIC_SHORT_WORDS = """
    ya vy ty de net est kak yak tut zavtra dokumenty znayu hochu po ne
"""
_LATIN_RUSSIAN = frozenset(_LATIN_RUSSIAN_WORDS.split())
_LATIN_UKRAINIAN = frozenset(_LATIN_UKRAINIAN_WORDS.split())
_LATIN_CYRILLIC_WEAK = frozenset(_LATIN_CYRILLIC_SHORT_WORDS.split())

# Languages of other scripts that people also type in Latin letters. Word lists cannot know every spelling
# ("menya", "menja", "mene"): a model of character n-grams trained on the Latin-letter examples of all twelve
# languages reads the rest, and counts when it gives one of these this share or more (chosen by
# cross-validation on the training examples, tests/dev_latin.py: 93 % of romanised examples named rightly,
# none of 6 650 Latin-script or Greeklish ones taken for another script; 0.6 rather than 0.5 for a margin).
_ROMANISABLE = frozenset({Language.AR, Language.FA, Language.UR, Language.PS, Language.RU, Language.UK})
ROMAN_MODEL_SHARE = 0.6

# A share of Greeklish words at or above this makes Latin text Greek; between it and the lower share, Greek only
# when the model is unsure of every other language.
GREEKLISH_SHARE = 0.5
GREEKLISH_SHARE_UNSURE = 0.3
# Short Greeklish words, as typed: their skeletons are too short to tell ("mou" and "my" both sound "mi").
_GREEKLISH_SHORT = frozenset(
    {
        "mou", "moy", "sou", "soy", "kai", "ke", "tha", "8a", "den", "pou", "poy", "einai", "ine", "apo", "gia",
        "sas", "mas", "tin", "thn", "tis", "ths", "sto", "sth", "stin", "sthn", "ena", "ston", "stis", "pws", "pos",
        "toy", "tous", "toys", "twn", "ton", "sta", "stous", "mia", "nai", "oxi", "ohi", "giati", "pote", "poia",
        "poio", "poios", "ti", "8elw", "exw", "exo", "eho", "ehw", "kalo", "kala", "ola", "mono",
    }
)  # fmt: skip
# Short words Greeklish shares with English, French, Albanian, Somali or Kurmanji ("to", "me", "na", "se"): each
# counts half, and only beside a word that is Greek alone ("to" or "me" alone is not Greeklish).
_GREEKLISH_WEAK = frozenset({"to", "ta", "na", "me", "se", "h", "o", "i", "oi", "an"})
# Spellings only Greeklish writes: a digit for θ or ξ inside a word ("8elw", "3ero"), ω typed as a "w" after a
# consonant at the end of a word ("thelw", "exw", "mporw", "efxaristw").
_GREEKLISH_SPELLING = re.compile(r"[a-z][83]|[83][a-z]|[bcdfgklmnprstvxz]w$")
# Greek sounds a Latin word of another language also makes count this much ("epidoma" is Albanian too).
SHARED_SOUND_WEIGHT = 0.5


@cache
def _identifier() -> LanguageIdentifier:
    # Imported at first use: py3langid brings NumPy (16 MB), which a service just started does not need yet.
    return restricted_identifier([language.value for language in Language])


def _words(text: str) -> list[str]:
    return [word for word in normalise(text).split() if any(char.isalpha() for char in word)]


@cache
def _own_words() -> dict[str, frozenset[Language]]:
    """Keywords and greetings, which identify their languages even alone; some belong to several."""
    words: dict[str, set[Language]] = {}
    for languages in keywords().values():
        for code, phrases in languages.items():
            for phrase in phrases:
                words.setdefault(normalise(phrase), set()).add(Language(code))
    for code, phrases in greetings().items():
        for phrase in phrases:
            words.setdefault(normalise(phrase), set()).add(Language(code))
    return {word: frozenset(languages) for word, languages in words.items() if word}


@cache
def _greeklish_sounds() -> tuple[frozenset[str], frozenset[str], dict[str, tuple[str, ...]]]:
    """Sound skeletons of Greek words; those that words of our other Latin-script languages also make; and the
    Greek sounds of six letters or more by their first three letters (to meet typos: "plhroforiew")."""

    def sounds(phrases: Iterable[str]) -> set[str]:
        return {skeleton(word) for phrase in phrases for word in _words(phrase)}

    greek = set(greek_words())
    greek |= {
        phrase for phrases in intent_examples()["el"].values() for phrase in phrases if has_greek(phrase)
    }
    greek |= {
        phrase for phrases in crisis_phrases()["el"].values() for phrase in phrases if has_greek(phrase)
    }
    greek |= {phrase for languages in keywords().values() for phrase in languages["el"] if has_greek(phrase)}
    greek |= {phrase for phrase in greetings()["el"] if has_greek(phrase)}
    # The Greeklish examples, as typed ("thelw rantevou"), sound Greek too.
    greek |= {
        phrase for phrases in intent_examples()["el"].values() for phrase in phrases if not has_greek(phrase)
    }
    others = {
        phrase
        for language in SCRIPT_LANGUAGES["latin"]
        for phrases in intent_examples()[language.value].values()
        for phrase in phrases
    }
    others |= {phrase for language in SCRIPT_LANGUAGES["latin"] for phrase in greetings()[language.value]}
    found = {sound for sound in sounds(greek) if len(sound) >= 3}
    shared = found & sounds(others)
    by_start: dict[str, list[str]] = {}
    for sound in sorted(found - shared):
        if len(sound) >= 6 and " " not in sound:
            by_start.setdefault(sound[:3], []).append(sound)
    return frozenset(found), frozenset(shared), {start: tuple(group) for start, group in by_start.items()}


def _greeklish_weight(word: str) -> float:
    """How Greek a Latin word sounds: 1 for a Greek word or spelling, less for sounds other languages share."""
    if word in _GREEKLISH_SHORT or _GREEKLISH_SPELLING.search(word):
        return 1.0
    if word in _GREEKLISH_WEAK:
        return 0.5
    found, shared, by_start = _greeklish_sounds()
    sound = skeleton(word)
    if sound in found:
        return SHARED_SOUND_WEIGHT if sound in shared else 1.0
    if len(sound) >= 6:
        # One letter wrong, missing or extra in a long Greek word ("plhroforiew", "dikaiologhtika").
        close = by_start.get(sound[:3], ())
        if close and process.extractOne(sound, close, scorer=fuzz.ratio, score_cutoff=86) is not None:
            return 1.0
    return 0.0


@dataclass(frozen=True)
class RomanisedWords:
    """A language of another script as typed in Latin letters, known by its words (the lists above)."""

    language: Language
    strong: frozenset[str]  # words no other Latin-script language of ours writes: each counts one
    weak: frozenset[str]  # short words others write too: each counts half
    spelling: re.Pattern[str] | None = None  # a word spelt this way counts one too (Arabizi's digits)

    def own_words(self, text: str) -> tuple[int, float]:
        """How many words of a Latin text are this language's own, and their weighed share of the text."""
        words = [word.strip("'") for word in _words(text)]
        if not words:
            return 0, 0.0
        spelt = self.spelling
        found = sum(word in self.strong or bool(spelt and spelt.search(word)) for word in words)
        halves = sum(word in self.weak for word in words)
        return found, (found + halves / 2) / len(words)

    def fits(self, text: str) -> bool:
        """Two words of its own, or one that with the shared words makes ROMANISED_SHARE of the text."""
        found, share = self.own_words(text)
        return found >= 2 or (found == 1 and share >= ROMANISED_SHARE)


# In the order that breaks a tie: Urdu and Persian share "baz", "daftar", "kya"/"chi".
_ROMANISED = (
    RomanisedWords(Language.UR, _ROMAN_URDU, _ROMAN_URDU_WEAK),
    RomanisedWords(Language.FA, _FINGLISH, _FINGLISH_WEAK),
    RomanisedWords(Language.PS, _ROMAN_PASHTO, _ROMAN_PASHTO_WEAK),
    RomanisedWords(Language.AR, _ARABIZI, _ARABIZI_WEAK, _ARABIZI_DIGIT),
    RomanisedWords(Language.RU, _LATIN_RUSSIAN, _LATIN_CYRILLIC_WEAK),
    RomanisedWords(Language.UK, _LATIN_UKRAINIAN, _LATIN_CYRILLIC_WEAK),
)


def greeklish_share(text: str) -> float:
    """The share of the words of a Latin text that sound like Greek words (weighed: see ``_greeklish_weight``)."""
    words = [word.strip("'") for word in _words(text)]
    if not words:
        return 0.0
    weights = [_greeklish_weight(word) for word in words]
    if max(weights) < 1.0:
        return 0.0
    return sum(weights) / len(words)


def looks_greeklish(text: str) -> bool:
    """Tell whether Latin text is Greek written in Latin letters."""
    return greeklish_share(text) >= GREEKLISH_SHARE


@cache
def _tell_words() -> dict[Language, frozenset[str]]:
    return {language: frozenset(normalise(words).split()) for language, words in _TELLS.items()}


def _script(text: str) -> str | None:
    """The script most letters of a text are written in."""
    counts = {
        "greek": greek_letters(text),
        "arabic": len(_ARABIC.findall(text)),
        "cyrillic": len(_CYRILLIC.findall(text)),
        "latin": len(_LATIN.findall(normalise(text))),
    }
    script, count = max(counts.items(), key=lambda item: item[1])
    return script if count else None


def _model_ranking(text: str, candidates: tuple[Language, ...]) -> dict[Language, float]:
    """py3langid's probabilities over the candidates, weighed by the letters each never writes."""
    codes = {language.value for language in candidates}
    scores = {Language(code): score for code, score in _identifier().rank(text) if code in codes}
    lowered = text.casefold()
    for language in candidates:
        for letters, weight in _NEVER.get(language, ()):
            if any(letter in lowered for letter in letters):
                scores[language] *= weight
    if Language.UR in scores and "ه" in lowered and not any(letter in lowered for letter in _URDU_LETTERS):
        # Urdu writes its heh as ہ or ھ and rarely a sentence without ے, ں, ٹ, ڈ or ڑ: a Persian-style ه in a
        # text with none of them is Persian, Arabic or Pashto more likely than Urdu.
        scores[Language.UR] *= PERSIAN_HEH_WEIGHT
    words = normalise(text).split()
    for language in candidates:
        tells = _tell_words().get(language, frozenset())
        found = sum(word in tells or (language is Language.AR and word.startswith("ال")) for word in words)
        scores[language] *= TELL_WEIGHT ** min(found, MAX_TELLS)
    total = sum(scores.values()) or 1.0
    return {language: score / total for language, score in scores.items()}


def _romanised(text: str) -> Language | None:
    """A language of another script written in Latin letters; when several fit, the one with most own words."""
    fitting = [
        (words.own_words(text)[0], -order, words.language)
        for order, words in enumerate(_ROMANISED)
        if words.fits(text)
    ]
    return max(fitting)[2] if fitting else None


def latin_examples() -> tuple[list[str], list[str]]:
    """The Latin-letter examples of every language (Greeklish as Greek), with their language codes."""
    texts: list[str] = []
    labels: list[str] = []
    for language in Language:
        code = language.value
        tables = (intent_examples()[code], request_examples()[code], crisis_examples()[code])
        examples = [text for table in tables for phrases in table.values() for text in phrases]
        examples += list(greetings()[code])
        latin = [text for text in examples if _script(text) == "latin"]
        texts += latin
        labels += [code] * len(latin)
    return texts, labels


@cache
def latin_classifier() -> TextClassifier:
    """Which of the twelve languages a Latin-letter text is written in (see ``ROMAN_MODEL_SHARE``)."""
    return train(*latin_examples())


def _romanised_by_model(text: str) -> Language | None:
    code, share = latin_classifier().best(text)
    language = Language(code)
    return language if language in _ROMANISABLE and share >= ROMAN_MODEL_SHARE else None


def rank_languages(text: str) -> list[tuple[Language, float]]:
    """Our languages a message may be written in, most likely first, with shares that add up to one."""
    return list(_ranked(text))


# Cached: crisis assessment and the conversation ask about the same message more than once.
@lru_cache(maxsize=1024)
def _ranked(text: str) -> tuple[tuple[Language, float], ...]:
    plain = normalise(text)
    if text.strip().startswith("/") or sum(char.isalpha() for char in plain) < 2:
        return ()
    script = _script(text)
    if script is None:
        return ()
    if script == "greek":
        return ((Language.EL, 1.0),)
    own = _own_words().get(plain)
    if own is not None and script != "arabic":
        return tuple(
            sorted(((language, 1 / len(own)) for language in own), key=lambda item: (-item[1], item[0].value))
        )
    candidates = SCRIPT_LANGUAGES[script]
    scores = _model_ranking(text, candidates)
    if own is not None:
        # A greeting shared by Arabic-script languages ("سلام") narrows the choice without deciding it.
        scores = {language: score + (1.0 if language in own else 0.0) for language, score in scores.items()}
    if script == "latin":
        romanised = _romanised(text)
        if romanised is Language.UR:
            return ((Language.UR, 1.0),)
        if romanised is not None and greeklish_share(text) < GREEKLISH_SHARE:
            return ((romanised, 1.0),)
        share = greeklish_share(text)
        unsure = max(scores.values()) < MIN_CONFIDENCE
        if share >= GREEKLISH_SHARE or (share >= GREEKLISH_SHARE_UNSURE and unsure):
            return ((Language.EL, 1.0),)
        romanised = _romanised_by_model(text)
        if romanised is not None:
            return ((romanised, 1.0),)
        scores[Language.EL] = share / 2
    total = sum(scores.values()) or 1.0
    return tuple(
        sorted(
            ((language, score / total) for language, score in scores.items()),
            key=lambda item: (-item[1], item[0].value),
        )
    )


def detect_language(text: str) -> Language | None:
    """Our language a first message is clearly written in, or None when unsure."""
    ranked = rank_languages(text)
    if not ranked or (sum(char.isalpha() for char in normalise(text)) < MIN_LETTERS and ranked[0][1] < 1.0):
        return None
    language, share = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if share < MIN_CONFIDENCE or share - runner_up < MIN_MARGIN:
        return None
    return language
