//! A file, or standard input, read whole and within the size limit. A large file is read
//! as two halves at once, one per core: copying 60 MB out of the page cache, into memory
//! the system hands out zeroed, was the first tenth of a million-row `report --mapping`,
//! on one core while the other waited.

use std::fs::File;
use std::io::{ErrorKind, Read, Seek, SeekFrom};
use std::path::Path;

/// From this size on, a file is read in halves (below it, the second thread costs more
/// than it saves).
const HALVES_FROM: u64 = 8 << 20;

/// The bytes of `path` (`-`: standard input), at most `most` of them (one more than the
/// limit, so that the caller can tell a file over it).
pub fn read(path: &Path, most: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin().take(most).read_to_end(&mut bytes)?;
        return Ok(bytes);
    }
    let file = File::open(path)?;
    let size = file.metadata().map_or(0, |m| m.len()).min(most);
    if (HALVES_FROM..most).contains(&size) {
        if let Some(bytes) = halves(&file, path, size)? {
            return Ok(bytes);
        }
    }
    // Room for the whole file at once (as far as the limit): through `take` the reader
    // cannot see the file's size, and would grow the buffer by doubling, copying what it
    // holds each time and ending with room for up to twice it.
    bytes.reserve(usize::try_from(size).unwrap_or(0));
    let mut file = file;
    file.seek(SeekFrom::Start(0))?;
    file.take(most).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The `size` bytes of `file` read as two halves at once; `None` when the file is no
/// longer that size (it changed while read), to be read again from the start.
fn halves(file: &File, path: &Path, size: u64) -> std::io::Result<Option<Vec<u8>>> {
    let Ok(n) = usize::try_from(size) else {
        return Ok(None);
    };
    let mut bytes = vec![0; n];
    let (first, second) = bytes.split_at_mut(n / 2);
    let mut other = File::open(path)?;
    other.seek(SeekFrom::Start(first.len() as u64))?;
    let (a, b) = std::thread::scope(|s| {
        let later = s.spawn(|| other.read_exact(second));
        let mut file = file;
        let a = file.read_exact(first);
        let b = later
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("a reading thread stopped")));
        (a, b)
    });
    for read in [a, b] {
        match read {
            Err(e) if e.kind() == ErrorKind::UnexpectedEof => return Ok(None),
            other => other?,
        }
    }
    // Nothing after the size it had: a file that grew is read again, whole.
    let grew = other.read(&mut [0])? > 0;
    Ok((!grew).then_some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_file_reads_as_its_bytes_and_a_small_one_too() {
        let dir = std::env::temp_dir().join(format!("goldthread-input-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // Odd sizes, so that the halves differ by a byte; bytes that tell places apart.
        for size in [0, 1, 1001, HALVES_FROM as usize + 7] {
            let path = dir.join(format!("f{size}"));
            let want: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            std::fs::write(&path, &want).unwrap();
            assert_eq!(read(&path, u64::MAX).unwrap(), want, "{size}");
            // At most `most` bytes: the caller tells a file over the limit by one more.
            let most = (size as u64 / 2).max(1);
            let got = read(&path, most).unwrap();
            assert_eq!(
                got,
                want[..want.len().min(most as usize)],
                "{size}, most {most}"
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
