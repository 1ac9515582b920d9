//! Made-up phone photos: JPEGs with a hand-written EXIF block (orientation,
//! capture time, GPS, a camera serial) and detailed, deterministic pixels.
//! For the tests, the benchmark and demo data; nothing here is downloaded.

/// What to write into the EXIF block.
#[derive(Clone, Debug, Default)]
pub struct Exif<'a> {
    pub orientation: Option<u16>,
    /// `YYYY:MM:DD HH:MM:SS`, as cameras write it.
    pub taken: Option<&'a str>,
    /// `+03:30`.
    pub offset: Option<&'a str>,
    /// Latitude and longitude in degrees.
    pub gps: Option<(f64, f64)>,
    /// The kind of thing that must never leave the server.
    pub serial: Option<&'a str>,
}

struct Entry {
    tag: u16,
    kind: u16,
    count: u32,
    data: Vec<u8>,
}

fn ascii(tag: u16, s: &str) -> Entry {
    let mut data = s.as_bytes().to_vec();
    data.push(0);
    Entry { tag, kind: 2, count: data.len() as u32, data }
}

fn short(tag: u16, v: u16) -> Entry {
    Entry { tag, kind: 3, count: 1, data: v.to_be_bytes().to_vec() }
}

fn long(tag: u16, v: u32) -> Entry {
    Entry { tag, kind: 4, count: 1, data: v.to_be_bytes().to_vec() }
}

/// Degrees as EXIF's three rationals: degrees, minutes, seconds/1000.
fn dms(tag: u16, deg: f64) -> Entry {
    let deg = deg.abs();
    let d = deg.trunc();
    let m = ((deg - d) * 60.0).trunc();
    let s = ((deg - d) * 60.0 - m) * 60.0;
    let mut data = Vec::new();
    for (num, den) in [(d as u32, 1u32), (m as u32, 1), ((s * 1000.0).round() as u32, 1000)] {
        data.extend(num.to_be_bytes());
        data.extend(den.to_be_bytes());
    }
    Entry { tag, kind: 5, count: 3, data }
}

fn ifd_len(entries: &[Entry]) -> usize {
    let extra: usize =
        entries.iter().filter(|e| e.data.len() > 4).map(|e| e.data.len() + e.data.len() % 2).sum();
    2 + 12 * entries.len() + 4 + extra
}

/// One IFD at TIFF offset `start`: entries, then the values too long to
/// sit in an entry.
fn write_ifd(out: &mut Vec<u8>, mut entries: Vec<Entry>, start: usize) {
    entries.sort_by_key(|e| e.tag);
    let mut data = Vec::new();
    let data_start = start + 2 + 12 * entries.len() + 4;
    out.extend((entries.len() as u16).to_be_bytes());
    for e in &entries {
        out.extend(e.tag.to_be_bytes());
        out.extend(e.kind.to_be_bytes());
        out.extend(e.count.to_be_bytes());
        if e.data.len() <= 4 {
            let mut v = e.data.clone();
            v.resize(4, 0);
            out.extend(v);
        } else {
            out.extend(((data_start + data.len()) as u32).to_be_bytes());
            data.extend(&e.data);
            if data.len() % 2 == 1 {
                data.push(0);
            }
        }
    }
    out.extend(0u32.to_be_bytes());
    out.extend(data);
}

/// The payload of an APP1 segment: `Exif\0\0` and a big-endian TIFF.
pub fn exif_app1(exif: &Exif) -> Vec<u8> {
    let mut ifd0 = vec![ascii(0x010F, "Yardstick Test Camera")];
    if let Some(o) = exif.orientation {
        ifd0.push(short(0x0112, o));
    }
    let mut sub = Vec::new();
    if let Some(t) = exif.taken {
        sub.push(ascii(0x9003, t));
    }
    if let Some(o) = exif.offset {
        sub.push(ascii(0x9011, o));
    }
    if let Some(s) = exif.serial {
        sub.push(ascii(0xA431, s));
    }
    let mut gps = Vec::new();
    if let Some((lat, lon)) = exif.gps {
        gps.push(ascii(1, if lat < 0.0 { "S" } else { "N" }));
        gps.push(dms(2, lat));
        gps.push(ascii(3, if lon < 0.0 { "W" } else { "E" }));
        gps.push(dms(4, lon));
    }
    // Pointers are fixed-size, so every IFD's length is known up front.
    let pointers = usize::from(!sub.is_empty()) + usize::from(!gps.is_empty());
    let ifd0_len = ifd_len(&ifd0) + 12 * pointers;
    let sub_at = 8 + ifd0_len;
    let gps_at = sub_at + if sub.is_empty() { 0 } else { ifd_len(&sub) };
    if !sub.is_empty() {
        ifd0.push(long(0x8769, sub_at as u32));
    }
    if !gps.is_empty() {
        ifd0.push(long(0x8825, gps_at as u32));
    }
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    write_ifd(&mut tiff, ifd0, 8);
    if !sub.is_empty() {
        write_ifd(&mut tiff, sub, sub_at);
    }
    if !gps.is_empty() {
        write_ifd(&mut tiff, gps, gps_at);
    }
    let mut out = b"Exif\0\0".to_vec();
    out.extend(tiff);
    out
}

/// A JPEG of `width` x `height` whose pixels come from `pixel(x, y)`, with
/// the EXIF block when given.
pub fn jpeg(
    width: u16,
    height: u16,
    exif: Option<&Exif>,
    pixel: impl Fn(u32, u32) -> [u8; 3],
) -> Vec<u8> {
    let mut rgb = Vec::with_capacity(usize::from(width) * usize::from(height) * 3);
    for y in 0..u32::from(height) {
        for x in 0..u32::from(width) {
            rgb.extend(pixel(x, y));
        }
    }
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 92);
    if let Some(e) = exif {
        encoder.add_app_segment(1, exif_app1(e)).expect("an EXIF block fits a segment");
    }
    encoder.encode(&rgb, width, height, jpeg_encoder::ColorType::Rgb).expect("in-memory encode");
    out
}

/// Detailed pixels like a real photo's (gradients, texture, edges, sensor
/// noise), so encoders have real work; the same for the same coordinates.
pub fn detailed_pixel(x: u32, y: u32) -> [u8; 3] {
    let mut h = x.wrapping_mul(0x9E37_79B9) ^ y.wrapping_mul(0x85EB_CA6B);
    h ^= h >> 15;
    h = h.wrapping_mul(0x2C1B_3C6D);
    h ^= h >> 12;
    let noise = (h & 0x1F) as i32 - 16;
    let (fx, fy) = (x as f32, y as f32);
    let wave = ((fx * 0.013).sin() * (fy * 0.021).cos() * 60.0) as i32;
    let stripes = if ((x / 37) + (y / 53)).is_multiple_of(7) { 40 } else { 0 };
    let c = |base: i32| (base + wave + stripes + noise).clamp(0, 255) as u8;
    [
        c((x % 256) as i32 / 2 + 60),
        c(((x + y) % 512) as i32 / 4 + 70),
        c(((y * 3) % 256) as i32 / 2 + 50),
    ]
}

/// A phone camera's portrait photo as stored by the sensor: landscape
/// pixels with orientation 6, a capture time, GPS and a serial number.
pub fn phone_photo(width: u16, height: u16) -> Vec<u8> {
    let exif = Exif {
        orientation: Some(6),
        taken: Some("2026:11:30 10:15:00"),
        offset: Some("+03:30"),
        gps: Some((35.6997, 51.3380)),
        serial: Some("SN-0042-PRIVATE"),
    };
    jpeg(width, height, Some(&exif), detailed_pixel)
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A valid PNG signature and header claiming these dimensions, and a few
/// bytes of nothing: what a decompression bomb looks like from outside.
pub fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut chunk = b"IHDR".to_vec();
    chunk.extend(width.to_be_bytes());
    chunk.extend(height.to_be_bytes());
    chunk.extend([8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(13u32.to_be_bytes());
    out.extend(&chunk);
    out.extend(crc32(&chunk).to_be_bytes());
    // An empty zlib stream as the image data, then the end.
    for (kind, data) in [(&b"IDAT"[..], &b"\x78\x9c\x03\x00\x00\x00\x00\x01"[..]), (b"IEND", b"")] {
        let mut chunk = kind.to_vec();
        chunk.extend(data);
        out.extend((data.len() as u32).to_be_bytes());
        out.extend(&chunk);
        out.extend(crc32(&chunk).to_be_bytes());
    }
    out
}
