//! Language identification for Indonesian, Malay, Javanese, English and
//! everything else.
//!
//! A small word-evidence model written by the project, not learned from a
//! corpus. Each known word votes for the languages it belongs to:
//!
//! - words Indonesian and Malay share (yang, dan, dengan, untuk) vote for
//!   both, so they decide "Malayic" against English and Javanese;
//! - words that differ between the two standards decide between them:
//!   pemerintah/kerajaan, bisa/boleh, uang/wang, mobil/kereta, bahwa/bahawa,
//!   karena/kerana, Juli/Julai, Kamis/Khamis, kualitas/kualiti (and the
//!   -tas/-ti endings in general), polisi/polis, rumah sakit/hospital;
//! - Javanese and English have their own function words.
//!
//! Indonesian is the default between the two: Malay needs more Malay
//! evidence than Indonesian evidence. That keeps the common failure of
//! general-purpose identifiers (calling plain Indonesian "Malay") away.
//! A few function words of the major European languages and the share of
//! non-Latin letters send other text to [`Lang::Other`].

use crate::token::{tokenize, TokenKind};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// A language warta tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Id,
    Ms,
    Jv,
    En,
    Other,
}

impl Lang {
    /// ISO 639-1 code, or "other".
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::Ms => "ms",
            Lang::Jv => "jv",
            Lang::En => "en",
            Lang::Other => "other",
        }
    }
}

/// Function and everyday words shared by Indonesian and Malay.
const MALAYIC: &str = "yang dan di ke dari ini itu dengan untuk pada dalam akan tidak ada juga atau oleh \
    adalah sebagai telah sudah mereka kami kita saya ia dia anda kepada bagi antara lebih hanya masih \
    sangat banyak semua setiap sebuah seorang orang tahun bulan hari baru besar kecil lain tersebut \
    namun tetapi jika kalau maka agar supaya sehingga hingga kerja bekerja sebelum ketika sejak serta \
    para pihak negara rakyat ketua menteri perdana presiden mengatakan berkata kata menurut katanya \
    boleh bisa dapat perlu harus mesti mahu mau ingin sedang belum pernah lagi pula saja sahaja \
    telah mampu akibat kerana karena bahawa bahwa tentang mengenai terhadap seperti ialah iaitu yakni \
    tiga dua satu empat lima enam tujuh lapan delapan sembilan sepuluh ratus ribu juta bilion miliar \
    wilayah daerah kawasan bandar kota jalan rumah sekolah masyarakat dunia negeri kerajaan pemerintah \
    sendiri secara melalui menerusi kemudian selepas setelah semasa sewaktu dimana bagaimana mengapa \
    kenapa apa siapa bila apabila manakala sementara beberapa sebahagian sebagian kebanyakan seluruh \
    selain termasuk berikut bersama sama pertama kedua terakhir baik buruk tinggi rendah";

/// Words of standard Indonesian that Malay writes or says differently.
const INDONESIAN: &str =
    "bisa uang mobil pemerintah bahwa karena polisi dokter obat kesehatan keuangan pajak \
    korupsi narkoba kecelakaan korban internasional pemilu tentara olahraga pelatih tiongkok \
    jepang prancis inggris eropa serikat gratis bandara nggak enggak gak banget aja kok sih \
    dong deh kayak terkait ujar ujarnya tuturnya jelasnya ungkapnya imbuhnya senin kamis \
    jumat minggu maret juni juli agustus desember rupiah rp wib wita kabupaten kecamatan \
    kelurahan provinsi polda polres pemkot pemprov dprd dpr kpk tni polri sejumlah kualitas \
    universitas aktivitas fasilitas komunitas kapasitas mayoritas identitas prioritas \
    otoritas ekspor impor perusahaan karyawan sebesar kemarin lantaran pasalnya sedangkan \
    kepolisian wapres mendagri gubernur bupati wali walikota tersangka besok tanggal karet \
    listrik pasokan biaya wisatawan pabrik kunjungan resmi medali pedagang sopir pengemudi \
    mengendarai sepeda telepon televisi daring ditunda dukungan mendukung pendukung \
    membantah darurat beasiswa paket kendaraan tol diperkirakan mengungkapkan menyebutkan \
    pihaknya dirinya ketimbang justru toh kendati meski tapi usai seusai pasca jelang \
    jajaran instansi pns asn camat lurah kapolda kapolres polsek kapolri kemendagri kemenkes \
    kemenkeu menkes menkeu tni-polri pemda belasan longsor terdampak mencoblos persen miliar \
    triliun penyelundupan jembatan kejahatan relawan pupuk memberantas ditemukan \
    beristirahat nasional";

/// Words of standard Malay that Indonesian writes or says differently.
const MALAY: &str =
    "kerajaan wang bahawa iaitu sahaja baharu pelbagai peratus berbanding semasa selepas \
    manakala menerusi bagaimanapun jawatankuasa mesyuarat pejabat syarikat jabatan \
    kakitangan perniagaan pelaburan perbelanjaan polis hospital universiti kualiti aktiviti \
    komuniti fasiliti kapasiti majoriti identiti kenderaan setiausaha timbalan naib canselor \
    pengarah memaklumkan dimaklumkan maklumat berkenaan awak percuma bilik tandas kerusi \
    teksi askar tentera filem muzik sukan jurulatih menjaringkan kejohanan lelaki hartanah \
    kewangan bajet peruntukan ringgit rm datuk dato tun parlimen parti kempen siasatan \
    disiasat reman pendakwa rasuah dadah mangsa doktor ubat wabak kesihatan antarabangsa \
    kerjasama rundingan persidangan eropah jepun inggeris britain isnin khamis jumaat ahad \
    mac jun julai ogos disember memberitahu mengikut hendaklah haruslah sabah sarawak \
    selangor johor kelantan terengganu pahang kedah melaka perlis putrajaya pentadbiran \
    sekiranya bilion encik menyiasat disyaki suspek minit dijangka hujung tertuduh penyokong \
    berhimpun getah kanak-kanak berhampiran bekalan elektrik esok tuaian suruhanjaya tarikh \
    pengundian kos kebimbangan bimbang majlis perbandaran kompaun peniaga pingat \
    perbincangan laluan pelancong dikawal kawalan had lawatan rasmi kilang penganjur enjin \
    bomba jurucakap pesakit jururawat usahawan motosikal basikal telefon televisyen \
    rangkaian pekeliling ditangguhkan sokongan menyokong gesa menggesa digesa menafikan \
    dinafikan seramai kastam terselamat kecemasan biasiswa pakej amaran menasihati \
    dinasihatkan dinasihati lebuh serta-merta dilantik melantik pemandu lebuhraya \
    dianggarkan walau pertuduhan kerugian terjejas mengundi pengundi runtuh kerana pokok \
    tempatan sempadan seludup penyeludupan tasik dihantar hantar menghantar kaunter premis \
    menyertai sertai beradik semalam awam jenayah penjenayah mencederakan kecederaan berehat \
    rehat ribut dibenarkan sukarelawan denggi pesawah menceburi berpunca punca litar \
    kebangsaan rayuan sabitan membanteras dihempap ditemui jambatan kemasukan galakan \
    menggalakkan trilion perkhidmatan jentera barangan gerai";

/// Malay words that Indonesian also uses, less often or in another sense.
const MALAY_WEAK: &str =
    "beliau kereta ialah kedai ramai cukai cadangan kira-kira boleh kenyataan pengangkutan \
    perancis mahu amalan tempoh bilangan pertubuhan persatuan belia sempena sebarang tuan \
    puan cik perlawanan jaringan import eksport kes projek lapan peringkat tangguh memandu \
    menangguhkan kemalangan bandar menyifatkan majikan membenarkan baja berwaspada paras \
    lewat";

/// Indonesian words that Malay also uses, less often.
const INDONESIAN_WEAK: &str =
    "mau pekan saat sekaligus menit warga kasus film musik pria direktur parlemen partai \
    kampanye kantor informasi administrasi transportasi";

/// Two-word expressions that differ between the standards.
const MALAY_PAIRS: &[&str] = &[
    "minggu lepas",
    "tahun lepas",
    "bulan lepas",
    "sara hidup",
    "mampu milik",
    "dalam talian",
    "pilihan raya",
    "lapangan terbang",
    "kapal terbang",
    "bola sepak",
    "jalan raya",
    "menaik taraf",
    "orang ramai",
    "warga emas",
    "pasar raya",
    "amerika syarikat",
    "ibu negara",
    "buat masa",
    "pada masa",
    "kesatuan eropah",
];
const INDONESIAN_PAIRS: &[&str] = &[
    "sepak bola",
    "rumah sakit",
    "pekan lalu",
    "ibu kota",
    "amerika serikat",
    "uni eropa",
    "kerja sama",
    "lalu lintas",
    "pegawai negeri",
    "memberi tahu",
    "bea cukai",
    "saat ini",
    "sepeda motor",
];

/// Javanese function and everyday words (ngoko and krama).
const JAVANESE: &str =
    "lan ing sing ora iki iku kang karo wong uga saka marang dening kanggo bakal wis wes arep \
    menyang ana ngomong jroning kabeh dadi isih mung nanging amarga kaya utawa yaiku nalika \
    banjur sawise sadurunge dhewe dheweke ngono kuwi kowe awake taun duwe gawe nggawe ngerti \
    weruh kudu njaluk mangan omah ingkang saking dhateng punika sampun badhe kados boten \
    mboten wonten panjenengan kula inggih sanget wau menika dipun kaliyan saged sinau \
    bocah-bocah bocah akeh sethithik liyane padha mlaku teka lunga mulih becik apik elek \
    gedhe cilik dina sasi sadina kutha pamarentah pamrentah praja miturut ngandika ujare \
    jarene tansah manungsa jawa sekolahan mesthi biyen saiki sesuk wingi nganti tekan amrih";

/// English function and frequent news words.
const ENGLISH: &str = "the of and to in is was that for on with as by at from it he she his her they \
    their them this these those an which who whom whose not but or will would has have had been be \
    are were said says say also after before about over than into more most other some any all its \
    our we you your there here when where why how what can could should may might must do does did \
    one two three new year years government president minister people country city police officials \
    official told according week last first since while during between against under because if so \
    no up out just only such very many much made make according percent million billion state";

/// Function words of other languages, so that their text does not fall
/// to the nearest of ours.
const OTHER: &str =
    "der die das und ist nicht ein eine mit sich auf für dem den zu im auch le la les et est \
    une des du que pour dans qui pas sur au avec ce sont el los las y es por con del una \
    como más pero sus al se il che sono della per gli una nel het een en niet op zijn voor \
    dat o os em não uma com mais como";

#[derive(Clone, Copy, Default)]
struct Votes {
    malayic: f32,
    id: f32,
    ms: f32,
    jv: f32,
    en: f32,
    other: f32,
}

fn table() -> &'static HashMap<&'static str, Votes> {
    static T: OnceLock<HashMap<&'static str, Votes>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m: HashMap<&'static str, Votes> = HashMap::new();
        type SetVote = fn(&mut Votes);
        let lists: [(&str, SetVote); 8] = [
            (MALAYIC, |v| v.malayic = 1.0),
            (INDONESIAN, |v| v.id = 1.5),
            (MALAY, |v| v.ms = 1.5),
            (INDONESIAN_WEAK, |v| v.id = 0.6),
            (MALAY_WEAK, |v| v.ms = 0.6),
            (JAVANESE, |v| v.jv = 1.0),
            (ENGLISH, |v| v.en = 1.0),
            (OTHER, |v| v.other = 1.0),
        ];
        for (list, set) in lists {
            for w in list.split_whitespace() {
                set(m.entry(w).or_default());
            }
        }
        m
    })
}

/// Detects the language of `text`, with a confidence in 0..=1.
///
/// ```
/// use warta_lang::{detect_language, Lang};
/// assert_eq!(detect_language("Pemerintah mengatakan bahwa harga beras naik.").0, Lang::Id);
/// assert_eq!(detect_language("Kerajaan berkata bahawa harga beras akan naik.").0, Lang::Ms);
/// assert_eq!(detect_language("The government said rice prices would rise.").0, Lang::En);
/// assert_eq!(detect_language("Wong-wong iku ora ngerti yen pamarentah arep nambah rega.").0, Lang::Jv);
/// ```
pub fn detect_language(text: &str) -> (Lang, f32) {
    let table = table();
    let mut s = Votes::default();
    let (mut latin, mut nonlatin) = (0usize, 0usize);
    let mut lower = String::new();
    let mut prev = String::new();
    let mut pair = String::new();
    for t in tokenize(text) {
        if t.kind != TokenKind::Word {
            continue;
        }
        for c in t.text.chars() {
            if c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c) {
                latin += 1;
            } else if c.is_alphabetic() {
                nonlatin += 1;
            }
        }
        lower.clear();
        lower.extend(t.text.chars().flat_map(char::to_lowercase));
        let w = lower.as_str();
        if !prev.is_empty() {
            pair.clear();
            pair.push_str(&prev);
            pair.push(' ');
            pair.push_str(w);
            if MALAY_PAIRS.contains(&pair.as_str()) {
                s.ms += 2.0;
            } else if INDONESIAN_PAIRS.contains(&pair.as_str()) {
                s.id += 2.0;
            }
        }
        prev.clear();
        prev.push_str(w);
        let w = prev.as_str();
        if let Some(v) = table.get(w) {
            s.malayic += v.malayic;
            s.id += v.id;
            s.ms += v.ms;
            s.jv += v.jv;
            s.en += v.en;
            s.other += v.other;
            continue;
        }
        affix_votes(w, &mut s);
    }
    if nonlatin > latin {
        return (Lang::Other, nonlatin as f32 / (latin + nonlatin) as f32);
    }
    // Malayic evidence goes to Indonesian unless Malay-only words clearly
    // outweigh Indonesian-only ones: one weak Malay word is not enough
    let malay_wins = s.ms > s.id + 0.7;
    let (malayic_lang, own, rival) = if malay_wins {
        (Lang::Ms, s.ms, s.id)
    } else {
        (Lang::Id, s.id, s.ms)
    };
    let malayic_score = s.malayic + own;
    let mut scores = [
        (malayic_lang, malayic_score),
        (Lang::Jv, s.jv * 1.2),
        (Lang::En, s.en),
        (Lang::Other, s.other),
    ];
    scores.sort_by(|a, b| b.1.total_cmp(&a.1));
    let (best, top) = scores[0];
    if top <= 0.0 {
        return (Lang::Other, 0.0);
    }
    let second = scores[1].1;
    let mut conf = top / (top + second);
    if matches!(best, Lang::Id | Lang::Ms) {
        // how sure we are of Indonesian against Malay, too
        conf = conf.min((1.0 + own) / (1.0 + own + rival) * 0.5 + 0.5);
    }
    // little evidence, little confidence
    conf *= (top / 3.0).min(1.0);
    (best, conf.clamp(0.0, 1.0))
}

/// Votes from the shape of a word not in any list: Indonesian -tas against
/// Malay -ti (kualitas/kualiti), Malayic affixes, English suffixes,
/// Javanese -ipun/-ake and dh/th clusters.
fn affix_votes(w: &str, s: &mut Votes) {
    let n = w.len();
    if n < 5 || !w.is_ascii() {
        return;
    }
    if w.ends_with("itas") {
        s.id += 1.0;
    } else if w.ends_with("iti") && n >= 7 {
        s.ms += 0.5;
    }
    if w.ends_with("ipun") || w.ends_with("ake") || w.ends_with("akake") || w.contains("dh") {
        s.jv += 0.7;
    }
    let malayic_affix = ["meng", "meny", "mem", "men", "ber", "di", "ter", "pe", "ke"]
        .iter()
        .any(|p| w.starts_with(p))
        || ["kan", "nya", "an"].iter().any(|p| w.ends_with(p));
    if malayic_affix {
        s.malayic += 0.3;
    }
    if ["tion", "ing", "ed", "ly", "ness", "ment", "ers"]
        .iter()
        .any(|p| w.ends_with(p))
    {
        s.en += 0.3;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basics() {
        assert_eq!(detect_language("").0, Lang::Other);
        assert_eq!(detect_language("12345 !!!").0, Lang::Other);
        assert_eq!(
            detect_language("Президент России провёл встречу").0,
            Lang::Other
        );
        assert_eq!(
            detect_language("Die Regierung hat das Gesetz nicht geändert.").0,
            Lang::Other
        );
        let (l, c) = detect_language("Polisi menangkap dua tersangka di Jakarta pada Senin.");
        assert_eq!(l, Lang::Id);
        assert!(c > 0.5, "{c}");
    }
}
