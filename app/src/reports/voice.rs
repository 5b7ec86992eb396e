//! Voice notes of reports and replies (server only), for villagers who find
//! typing on a phone hard. Browsers record Opus: Chromium in WebM, Firefox in
//! Ogg. The server keeps the recording as it came, so it reads the container
//! from the bytes itself (never from the name or the declared type) and the
//! duration from the container's own timestamps, and refuses anything else:
//! another codec, a video track, a file it cannot walk to its end, more than
//! 1 MB or more than 60 seconds.
//!
//! Only element headers and timestamps are read, the audio is never decoded:
//! a few dozen lines of reading, where a demuxer library would bring far more
//! than the two questions asked here (which container, how long).

use crate::error::Problem;

/// The largest recording accepted.
pub const MAX_BYTES: usize = 1024 * 1024;
/// The longest recording accepted, in milliseconds. The recorder in the page
/// stops itself at 60 s; its last 20 ms frame may start a little before.
pub const MAX_MS: u32 = 60_000;
const SLACK_MS: u64 = 500;

/// The two containers browsers record Opus in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Container {
    WebM,
    Ogg,
}

impl Container {
    pub fn as_str(self) -> &'static str {
        match self {
            Container::WebM => "webm",
            Container::Ogg => "ogg",
        }
    }

    pub fn from_db(text: &str) -> Option<Self> {
        match text {
            "webm" => Some(Container::WebM),
            "ogg" => Some(Container::Ogg),
            _ => None,
        }
    }

    /// The type it is served with.
    pub fn mime(self) -> &'static str {
        match self {
            Container::WebM => "audio/webm",
            Container::Ogg => "audio/ogg",
        }
    }
}

/// A checked recording, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VoiceNote {
    pub bytes: Vec<u8>,
    pub container: Container,
    pub duration_ms: u32,
}

/// Checks one uploaded recording.
pub fn check(bytes: Vec<u8>) -> Result<VoiceNote, Problem> {
    if bytes.len() > MAX_BYTES {
        return Err(Problem::VoiceTooLarge);
    }
    let (container, duration) = if bytes.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) {
        (Container::WebM, webm_duration_ms(&bytes)?)
    } else if bytes.starts_with(b"OggS") {
        (Container::Ogg, ogg_duration_ms(&bytes)?)
    } else {
        return Err(Problem::VoiceInvalid);
    };
    if duration == 0 {
        return Err(Problem::VoiceInvalid);
    }
    if duration > u64::from(MAX_MS) + SLACK_MS {
        return Err(Problem::VoiceTooLong);
    }
    Ok(VoiceNote {
        bytes,
        container,
        duration_ms: duration.min(u64::from(MAX_MS)) as u32,
    })
}

/// An EBML variable-length number at `at`: its value (with the length marker
/// removed when `strip`), its length, and whether it is "unknown" (all ones,
/// which recorders write as the size of the segment and clusters they stream).
fn vint(data: &[u8], at: usize, max_len: usize, strip: bool) -> Option<(u64, usize, bool)> {
    let first = *data.get(at)?;
    let len = first.leading_zeros() as usize + 1;
    if len > max_len {
        return None;
    }
    let bytes = data.get(at..at + len)?;
    let mut value = 0u64;
    for b in bytes {
        value = (value << 8) | u64::from(*b);
    }
    let marker = 1u64 << (7 * len);
    let unknown = value & (marker - 1) == marker - 1;
    if strip {
        value &= marker - 1;
    }
    Some((value, len, unknown))
}

fn uint(bytes: &[u8]) -> Option<u64> {
    if bytes.len() > 8 {
        return None;
    }
    Some(bytes.iter().fold(0u64, |v, b| (v << 8) | u64::from(*b)))
}

// The WebM elements read; the other elements are skipped by their size.
const EBML: u64 = 0x1A45_DFA3;
const DOC_TYPE: u64 = 0x4282;
const SEGMENT: u64 = 0x1853_8067;
const INFO: u64 = 0x1549_A966;
const TIMECODE_SCALE: u64 = 0x2A_D7B1;
const DURATION: u64 = 0x4489;
const TRACKS: u64 = 0x1654_AE6B;
const TRACK_ENTRY: u64 = 0xAE;
const TRACK_TYPE: u64 = 0x83;
const CODEC_ID: u64 = 0x86;
const CLUSTER: u64 = 0x1F43_B675;
const CLUSTER_TIMECODE: u64 = 0xE7;
const BLOCK_GROUP: u64 = 0xA0;
const BLOCK: u64 = 0xA1;
const SIMPLE_BLOCK: u64 = 0xA3;

/// Walks a WebM file element by element: container elements are entered
/// (their size may be unknown), the others skipped. It must be a `webm`
/// document with Opus audio tracks only and at least one block; the duration
/// is the Info's, or else the last block's timestamp.
fn webm_duration_ms(data: &[u8]) -> Result<u64, Problem> {
    let bad = || Problem::VoiceInvalid;
    let mut at = 0usize;
    let mut doc_type_webm = false;
    let mut scale_ns: u64 = 1_000_000;
    let mut info_duration: f64 = 0.0;
    let mut tracks = 0u32;
    let mut cluster_time: u64 = 0;
    let mut last_block: u64 = 0;
    let mut blocks = 0u32;
    while at < data.len() {
        let (id, id_len, _) = vint(data, at, 4, false).ok_or_else(bad)?;
        let (size, size_len, unknown) = vint(data, at + id_len, 8, true).ok_or_else(bad)?;
        let start = at + id_len + size_len;
        if matches!(
            id,
            EBML | SEGMENT | INFO | TRACKS | TRACK_ENTRY | CLUSTER | BLOCK_GROUP
        ) {
            at = start;
            continue;
        }
        if unknown {
            return Err(bad());
        }
        let end = usize::try_from(size)
            .ok()
            .and_then(|s| start.checked_add(s))
            .filter(|end| *end <= data.len())
            .ok_or_else(bad)?;
        let body = &data[start..end];
        match id {
            DOC_TYPE => doc_type_webm = body == b"webm",
            TIMECODE_SCALE => scale_ns = uint(body).filter(|s| *s > 0).ok_or_else(bad)?,
            DURATION => {
                info_duration = match body.len() {
                    4 => f64::from(f32::from_be_bytes(body.try_into().map_err(|_| bad())?)),
                    8 => f64::from_be_bytes(body.try_into().map_err(|_| bad())?),
                    _ => return Err(bad()),
                };
                if !info_duration.is_finite() || info_duration < 0.0 {
                    return Err(bad());
                }
            }
            TRACK_TYPE => {
                // 2: audio. A video (or any other) track is not a voice note.
                if uint(body) != Some(2) {
                    return Err(bad());
                }
                tracks += 1;
            }
            CODEC_ID if body != b"A_OPUS" => return Err(bad()),
            CLUSTER_TIMECODE => cluster_time = uint(body).ok_or_else(bad)?,
            SIMPLE_BLOCK | BLOCK => {
                // The track number, then the time relative to the cluster.
                let (_, track_len, _) = vint(body, 0, 8, true).ok_or_else(bad)?;
                let relative = body.get(track_len..track_len + 2).ok_or_else(bad)?;
                let relative = i64::from(i16::from_be_bytes([relative[0], relative[1]]));
                // Saturating: a made-up timestamp past i64 is long, never short.
                let cluster = i64::try_from(cluster_time).unwrap_or(i64::MAX);
                let time = cluster.saturating_add(relative).max(0) as u64;
                last_block = last_block.max(time);
                blocks += 1;
            }
            _ => {}
        }
        at = end;
    }
    if !doc_type_webm || tracks == 0 || blocks == 0 {
        return Err(bad());
    }
    let to_ms = |ticks: f64| ticks * scale_ns as f64 / 1_000_000.0;
    let info_ms = to_ms(info_duration);
    let blocks_ms = to_ms(last_block as f64);
    Ok(info_ms.max(blocks_ms).round() as u64)
}

/// Walks an Ogg file page by page: one logical stream, whose first packet is
/// an Opus header; the duration is the last page's granule position (48 kHz
/// samples) less the header's pre-skip.
fn ogg_duration_ms(data: &[u8]) -> Result<u64, Problem> {
    let bad = || Problem::VoiceInvalid;
    let mut at = 0usize;
    let mut serial: Option<u32> = None;
    let mut pre_skip: u64 = 0;
    let mut granule: u64 = 0;
    let mut pages = 0u32;
    while at < data.len() {
        let header = data.get(at..at + 27).ok_or_else(bad)?;
        if &header[0..4] != b"OggS" || header[4] != 0 {
            return Err(bad());
        }
        let page_granule = i64::from_le_bytes(header[6..14].try_into().map_err(|_| bad())?);
        let page_serial = u32::from_le_bytes(header[14..18].try_into().map_err(|_| bad())?);
        if *serial.get_or_insert(page_serial) != page_serial {
            return Err(bad());
        }
        let segments = usize::from(header[26]);
        let table = data.get(at + 27..at + 27 + segments).ok_or_else(bad)?;
        let body_len: usize = table.iter().map(|s| usize::from(*s)).sum();
        let body_start = at + 27 + segments;
        let body = data
            .get(body_start..body_start + body_len)
            .ok_or_else(bad)?;
        if pages == 0 {
            if body.len() < 19 || !body.starts_with(b"OpusHead") {
                return Err(bad());
            }
            pre_skip = u64::from(u16::from_le_bytes([body[10], body[11]]));
        }
        // -1: no packet ends on this page.
        if page_granule >= 0 {
            granule = page_granule as u64;
        }
        pages += 1;
        at = body_start + body_len;
    }
    // The Opus header and comment pages, then audio.
    if pages < 3 {
        return Err(bad());
    }
    // 48 samples a millisecond; no product that a made-up granule could overflow.
    Ok(granule.saturating_sub(pre_skip) / 48)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Recorded by Chromium's MediaRecorder (`audio/webm;codecs=opus`, fake
    /// microphone): two seconds, with the unknown sizes it streams.
    const CHROMIUM_2S: &[u8] = include_bytes!("../../tests/data/voice-2s.webm");

    #[test]
    fn a_chromium_recording_is_webm_of_about_two_seconds() {
        let note = check(CHROMIUM_2S.to_vec()).unwrap();
        assert_eq!(note.container, Container::WebM);
        assert!(
            (1800..=2100).contains(&note.duration_ms),
            "{}",
            note.duration_ms
        );
    }

    #[test]
    fn a_cut_recording_is_refused() {
        let cut = CHROMIUM_2S[..CHROMIUM_2S.len() - 7].to_vec();
        assert_eq!(check(cut), Err(Problem::VoiceInvalid));
        assert_eq!(
            check(CHROMIUM_2S[..40].to_vec()),
            Err(Problem::VoiceInvalid)
        );
    }

    #[test]
    fn other_files_are_refused() {
        assert_eq!(
            check(b"not audio at all".to_vec()),
            Err(Problem::VoiceInvalid)
        );
        assert_eq!(check(Vec::new()), Err(Problem::VoiceInvalid));
        // A JPEG's first bytes.
        assert_eq!(
            check(vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16]),
            Err(Problem::VoiceInvalid)
        );
        assert_eq!(check(vec![0u8; MAX_BYTES + 1]), Err(Problem::VoiceTooLarge));
    }

    #[test]
    fn another_codec_or_a_video_track_is_refused() {
        let mut vorbis = CHROMIUM_2S.to_vec();
        let at = vorbis.windows(6).position(|w| w == b"A_OPUS").unwrap();
        vorbis[at..at + 6].copy_from_slice(b"A_OPUX");
        assert_eq!(check(vorbis), Err(Problem::VoiceInvalid));
        let mut video = CHROMIUM_2S.to_vec();
        // TrackType (0x83, size 1): 2 (audio) becomes 1 (video).
        let at = video
            .windows(3)
            .position(|w| w == [0x83, 0x81, 0x02])
            .unwrap();
        video[at + 2] = 1;
        assert_eq!(check(video), Err(Problem::VoiceInvalid));
    }

    #[test]
    fn a_webm_longer_than_a_minute_is_refused() {
        // The same recording, its clusters said to start 61 s later.
        let mut long = CHROMIUM_2S.to_vec();
        let at = long
            .windows(2)
            .position(|w| w == [0xE7, 0x81])
            .expect("a one-byte cluster timecode");
        // Cluster timecode 0 (one byte) becomes 61,000 ms (three bytes, and
        // the rest of the file moves along: sizes are unknown).
        long.splice(at + 1..at + 3, [0x83, 0x00, 0xEE, 0x48]);
        assert_eq!(check(long), Err(Problem::VoiceTooLong));
        // A timecode past i64 is long too, not wrapped round to zero.
        let mut huge = CHROMIUM_2S.to_vec();
        let at = huge.windows(2).position(|w| w == [0xE7, 0x81]).unwrap();
        huge.splice(at + 1..at + 3, [0x88, 0x80, 0, 0, 0, 0, 0, 0, 1]);
        assert_eq!(check(huge), Err(Problem::VoiceTooLong));
    }

    /// An Ogg page of stream 7 with one packet.
    fn page(granule: i64, packet: &[u8]) -> Vec<u8> {
        let mut page = b"OggS".to_vec();
        page.push(0);
        page.push(0);
        page.extend_from_slice(&granule.to_le_bytes());
        page.extend_from_slice(&7u32.to_le_bytes());
        page.extend_from_slice(&[0; 8]);
        let mut table = vec![255u8; packet.len() / 255];
        table.push((packet.len() % 255) as u8);
        page.push(table.len() as u8);
        page.extend_from_slice(&table);
        page.extend_from_slice(packet);
        page
    }

    fn opus_head() -> Vec<u8> {
        let mut head = b"OpusHead".to_vec();
        head.extend_from_slice(&[1, 1]);
        head.extend_from_slice(&312u16.to_le_bytes());
        head.extend_from_slice(&48_000u32.to_le_bytes());
        head.extend_from_slice(&[0, 0, 0]);
        head
    }

    fn ogg(seconds: i64) -> Vec<u8> {
        let mut file = page(0, &opus_head());
        file.extend(page(0, b"OpusTags\0\0\0\0\0\0\0\0"));
        file.extend(page(48_000 * seconds / 2 + 312, &[0xFC; 300]));
        file.extend(page(48_000 * seconds + 312, &[0xFC; 40]));
        file
    }

    #[test]
    fn an_ogg_opus_recording_is_read_from_its_granule_positions() {
        let note = check(ogg(12)).unwrap();
        assert_eq!(note.container, Container::Ogg);
        assert_eq!(note.duration_ms, 12_000);
        assert_eq!(check(ogg(61)), Err(Problem::VoiceTooLong));
        // Made-up positions far past an hour are long, not wrapped round.
        let mut huge = ogg(1);
        let last = huge.len() - (27 + 1 + 40);
        huge[last + 6..last + 14].copy_from_slice(&(i64::MAX - 5).to_le_bytes());
        assert_eq!(check(huge), Err(Problem::VoiceTooLong));
    }

    #[test]
    fn an_ogg_file_that_is_not_opus_or_is_cut_is_refused() {
        let mut vorbis = page(0, b"\x01vorbis and more bytes here");
        vorbis.extend(page(0, b"tags"));
        vorbis.extend(page(48_000, b"audio"));
        assert_eq!(check(vorbis), Err(Problem::VoiceInvalid));
        let file = ogg(5);
        assert_eq!(
            check(file[..file.len() - 3].to_vec()),
            Err(Problem::VoiceInvalid)
        );
        // Two streams in one file.
        let mut two = ogg(5);
        let mut other = page(48_000 * 6, b"x");
        other[14] = 8;
        two.extend(other);
        assert_eq!(check(two), Err(Problem::VoiceInvalid));
    }
}
