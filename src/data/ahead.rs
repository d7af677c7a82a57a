//! Reading a large CSV file on two cores: the records are split and checked (the CSV state
//! machine, UTF-8, line numbers) on a thread of their own, a batch ahead of the rows being
//! assembled, which is the other half of the work of reading a period.
//!
//! A file's first [`SERIAL`] rows are read where they are asked for, so that a district's files
//! (a few hundred rows each) and the tables only probed for their header start no thread. The
//! rows, the line numbers and a read error (which ends the file) come out exactly as the stream
//! gives them, in order.

use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::thread::JoinHandle;

use super::row::Row;
use super::table::RowStream;

/// Rows read in place before reading ahead starts.
const SERIAL: usize = 2048;
/// Rows sent at a time, and the bytes they may hold — text, and eight for each field's decimal
/// read ahead — (a batch ends at whichever comes first, so that very wide rows cannot make the
/// batches waiting large). 512 rows of the benchmark's 42 fields hold about 0.3 MB; with 1,024
/// the 1M ranking's peak was 4 MiB higher (memory the reading thread freed but kept).
const BATCH: usize = 512;
const BATCH_BYTES: usize = 1 << 20;
/// How much the share of a batch's rows read as decimals ahead changes from one batch to the
/// next (see [`read_ahead`]).
const STEP: usize = BATCH / 16;
/// The reading thread's stack: it splits records into buffers on the heap, so it needs little
/// (the default 8 MiB would count against a run's address-space limit).
const STACK: usize = 256 * 1024;

type Outcome = Result<bool, (u64, String)>;

/// A batch of rows, and how the stream went on after them: `None` while it goes on, else what
/// the read after the last row gave (`Ok(false)` at the end, or the error that ended the file).
struct Batch {
    rows: Vec<Row>,
    end: Option<Outcome>,
}

/// A [`RowStream`] read ahead on its own thread once past its first [`SERIAL`] rows.
pub struct ReadAhead<S: RowStream + Send + 'static> {
    state: State<S>,
}

enum State<S> {
    Here {
        stream: S,
        /// Rows still read in place before reading ahead starts; `None`: read in place to the
        /// end (no thread could be started).
        before: Option<usize>,
    },
    Ahead {
        rx: Receiver<Batch>,
        /// Emptied batches, back to the reader for their rows' buffers.
        back: SyncSender<Vec<Row>>,
        thread: Option<JoinHandle<()>>,
        batch: Batch,
        /// The next row of `batch`.
        at: usize,
    },
    /// The end, or the error that ended the file, was given.
    Done,
}

impl<S: RowStream + Send + 'static> ReadAhead<S> {
    pub fn new(stream: S) -> ReadAhead<S> {
        ReadAhead {
            state: State::Here {
                stream,
                before: Some(SERIAL),
            },
        }
    }

    /// Reading ahead from here on: the stream handed to a thread of its own; read in place
    /// still when no thread can be started (a process at its limit of threads or of address
    /// space), rather than failing the run.
    fn start(stream: S) -> State<S> {
        let (tx, rx) = sync_channel::<Batch>(2);
        let (back, returned) = sync_channel::<Vec<Row>>(2);
        // The stream goes to the thread once it runs, so that it stays here if none starts.
        let (give, take) = sync_channel::<S>(1);
        let spawned = std::thread::Builder::new()
            .name("read-ahead".into())
            .stack_size(STACK)
            .spawn(move || {
                if let Ok(stream) = take.recv() {
                    read_ahead(stream, &tx, &returned);
                }
            });
        match spawned {
            Ok(thread) => {
                // The thread holds the receiver until it has the stream: this cannot fail.
                let _ = give.send(stream);
                State::Ahead {
                    rx,
                    back,
                    thread: Some(thread),
                    batch: Batch {
                        rows: Vec::new(),
                        end: None,
                    },
                    at: 0,
                }
            }
            Err(_) => State::Here {
                stream,
                before: None,
            },
        }
    }
}

/// The reading thread: batches of rows until the stream ends, fails, or nobody reads them.
///
/// It also reads the fields of the first `share` rows of a batch as decimals ([`Row::decimal`]
/// reads the others itself), which is work taken off the assembling thread while this one has
/// the time: `share` grows when a batch finds the queue full (the rows are assembled more
/// slowly than read) and shrinks when it finds room (the assembling waits for rows). Either
/// way the rows read the same.
fn read_ahead<S: RowStream>(mut stream: S, tx: &SyncSender<Batch>, returned: &Receiver<Vec<Row>>) {
    let mut share = BATCH;
    loop {
        let mut rows = returned.try_recv().unwrap_or_default();
        let mut k = 0;
        let mut end = None;
        let mut bytes = 0;
        while k < BATCH && bytes < BATCH_BYTES {
            if k == rows.len() {
                rows.push(Row::new(0, csv::StringRecord::new(), Vec::new()));
            }
            match stream.read(&mut rows[k]) {
                Ok(true) => {
                    bytes += rows[k].record.as_slice().len() + 8 * rows[k].record.len();
                    // The stream's read forgets the buffer row's decimals too; not relied on.
                    if k < share {
                        rows[k].parse_decimals();
                    } else {
                        rows[k].forget_decimals();
                    }
                    k += 1;
                }
                other => {
                    end = Some(other);
                    break;
                }
            }
        }
        rows.truncate(k);
        let last = end.is_some();
        // A dropped receiver: the table was put aside before its end.
        let sent = match tx.try_send(Batch { rows, end }) {
            Ok(()) => {
                share = share.saturating_sub(STEP);
                true
            }
            Err(TrySendError::Full(batch)) => {
                share = (share + STEP).min(BATCH);
                tx.send(batch).is_ok()
            }
            Err(TrySendError::Disconnected(_)) => false,
        };
        if !sent || last {
            return;
        }
    }
}

impl<S: RowStream + Send + 'static> RowStream for ReadAhead<S> {
    fn read(&mut self, row: &mut Row) -> Outcome {
        loop {
            match &mut self.state {
                State::Here { stream, before } if *before != Some(0) => {
                    // Whatever the stream is, the row's fields are not read ahead here.
                    row.clear_notes();
                    let got = stream.read(row);
                    if let Some(n) = before {
                        *n -= 1;
                    }
                    if !matches!(got, Ok(true)) {
                        self.state = State::Done;
                    }
                    return got;
                }
                State::Here { .. } => {
                    let State::Here { stream, .. } =
                        std::mem::replace(&mut self.state, State::Done)
                    else {
                        unreachable!()
                    };
                    self.state = ReadAhead::start(stream);
                }
                State::Ahead {
                    rx,
                    back,
                    thread,
                    batch,
                    at,
                } => {
                    if let Some(next) = batch.rows.get_mut(*at) {
                        std::mem::swap(row, next);
                        *at += 1;
                        return Ok(true);
                    }
                    if let Some(end) = batch.end.take() {
                        self.state = State::Done;
                        return end;
                    }
                    let _ = back.try_send(std::mem::take(&mut batch.rows));
                    match rx.recv() {
                        Ok(next) => {
                            *batch = next;
                            *at = 0;
                        }
                        // The reading thread stopped without its last batch: it panicked.
                        Err(_) => {
                            if let Some(Err(panic)) = thread.take().map(JoinHandle::join) {
                                std::panic::resume_unwind(panic);
                            }
                            unreachable!("the reading thread ends only after its last batch")
                        }
                    }
                }
                State::Done => return Ok(false),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows `1..=n` (the line is the row's number, its one field the same as text), then `end`.
    struct Counting {
        n: u64,
        at: u64,
        fail: bool,
    }

    impl RowStream for Counting {
        fn read(&mut self, row: &mut Row) -> Outcome {
            if self.at == self.n {
                return if self.fail {
                    Err((self.n + 1, "broken".into()))
                } else {
                    Ok(false)
                };
            }
            self.at += 1;
            row.line = self.at;
            row.record.clear();
            row.record.push_field(&self.at.to_string());
            Ok(true)
        }
    }

    fn all(n: u64, fail: bool) -> (Vec<u64>, Outcome) {
        let mut s = ReadAhead::new(Counting { n, at: 0, fail });
        let mut row = Row::new(0, csv::StringRecord::new(), Vec::new());
        let mut lines = Vec::new();
        loop {
            match s.read(&mut row) {
                Ok(true) => {
                    assert_eq!(row.get(0), row.line.to_string());
                    lines.push(row.line);
                }
                end => {
                    // Read again after the end: still the end.
                    assert_eq!(s.read(&mut row), Ok(false));
                    return (lines, end);
                }
            }
        }
    }

    #[test]
    fn every_row_comes_once_in_order_then_the_end_or_the_error() {
        let sizes = [
            0,
            1,
            SERIAL - 1,
            SERIAL,
            SERIAL + 1,
            SERIAL + BATCH,
            SERIAL + 3 * BATCH + 7,
        ];
        for n in sizes.map(|n| n as u64) {
            for fail in [false, true] {
                let (lines, end) = all(n, fail);
                assert_eq!(lines, (1..=n).collect::<Vec<_>>(), "{n} rows");
                let want = if fail {
                    Err((n + 1, "broken".to_string()))
                } else {
                    Ok(false)
                };
                assert_eq!(end, want, "{n} rows");
            }
        }
    }

    #[test]
    fn a_stream_put_aside_before_its_end_stops_its_thread() {
        // The stream holds a count of its owners; the reading thread drops it when it returns.
        struct Owned {
            rows: Counting,
            _owners: std::sync::Arc<()>,
        }
        impl RowStream for Owned {
            fn read(&mut self, row: &mut Row) -> Outcome {
                self.rows.read(row)
            }
        }
        let alive = std::sync::Arc::new(());
        let stream = Owned {
            rows: Counting {
                n: 1_000_000,
                at: 0,
                fail: false,
            },
            _owners: std::sync::Arc::clone(&alive),
        };
        let mut s = ReadAhead::new(stream);
        let mut row = Row::new(0, csv::StringRecord::new(), Vec::new());
        for want in 1..=(SERIAL + 10) as u64 {
            assert_eq!(s.read(&mut row), Ok(true));
            assert_eq!(row.line, want);
        }
        assert!(matches!(s.state, State::Ahead { .. }));
        drop(s);
        let since = std::time::Instant::now();
        while std::sync::Arc::strong_count(&alive) > 1 {
            assert!(
                since.elapsed() < std::time::Duration::from_secs(10),
                "the reading thread still holds the stream"
            );
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    #[test]
    fn a_panic_of_the_reading_thread_reaches_the_reader() {
        struct Panicking(u64);
        impl RowStream for Panicking {
            fn read(&mut self, row: &mut Row) -> Outcome {
                self.0 += 1;
                assert!(self.0 <= (SERIAL + 5) as u64, "reader boom");
                row.line = self.0;
                Ok(true)
            }
        }
        let got = std::panic::catch_unwind(|| {
            let mut s = ReadAhead::new(Panicking(0));
            let mut row = Row::new(0, csv::StringRecord::new(), Vec::new());
            while s.read(&mut row) == Ok(true) {}
        });
        let payload = got.expect_err("the panic is the reader's");
        let text = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied());
        assert_eq!(text, Some("reader boom"));
    }

    #[test]
    fn wide_rows_make_smaller_batches() {
        // Rows of 100 KiB: a batch stops at about 1 MiB of text, not at 1,024 rows.
        struct Wide(u64);
        impl RowStream for Wide {
            fn read(&mut self, row: &mut Row) -> Outcome {
                if self.0 == 3 * SERIAL as u64 {
                    return Ok(false);
                }
                self.0 += 1;
                row.line = self.0;
                row.record.clear();
                row.record.push_field(&"x".repeat(100 * 1024));
                Ok(true)
            }
        }
        let (tx, rx) = sync_channel::<Batch>(1);
        let (_back, returned) = sync_channel::<Vec<Row>>(1);
        let reader = std::thread::spawn(move || read_ahead(Wide(0), &tx, &returned));
        let first = rx.recv().unwrap();
        assert_eq!(first.rows.len(), 11);
        assert_eq!(first.rows[10].line, 11);
        drop(rx);
        reader.join().unwrap();
    }
}
