//! [`Writer`]: the thread that writes to the shared store, so the app's key handling never
//! waits on the network. The app hands it a [`Job`] after each change and reads
//! [`Progress`] back without blocking. Jobs go out in the order given; while the server
//! cannot be reached they wait in the local [`Spool`] (or in memory when there is no data
//! folder), and are sent in order once it is back: every event arrives once.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::StoreError;
use super::backend::Store;
use super::job::{Job, Written, rebase};
use super::replay::Stored;
use super::spool::Spool;

/// First wait before trying an unreachable server again; doubled up to [`MAX_BACKOFF`].
pub const FIRST_BACKOFF: Duration = Duration::from_millis(250);
/// Longest wait between tries.
pub const MAX_BACKOFF: Duration = Duration::from_secs(4);

/// What the writer tells the app.
#[derive(Debug, Clone)]
pub enum Progress {
    /// The server has every event of case `uid` up to `written.events`.
    Saved {
        /// The case.
        uid: String,
        /// Its id and stored event count.
        written: Written,
    },
    /// Another agent numbered events of case `uid` first: nothing of this job was written;
    /// `stored` is the case as the server has it (`None` if it could not be read).
    Conflict {
        /// The case.
        uid: String,
        /// The server's copy.
        stored: Option<Box<Stored>>,
    },
    /// The server cannot be reached; changes wait in `kept` (the spool file), or in memory.
    Down {
        /// Why, in words (no password).
        reason: String,
        /// The spool file, if there is one.
        kept: Option<PathBuf>,
    },
    /// The server is back and every kept change was sent.
    Up,
}

/// What was left when the writer stopped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Finished {
    /// Events the server does not have.
    pub unsent: usize,
    /// Where they are kept (the spool file); `None` means they were lost (no data folder).
    pub kept: Option<PathBuf>,
}

enum Msg {
    Job(Box<Job>),
    Finish(Sender<Finished>),
}

/// The app's handle on the writer thread.
#[derive(Debug)]
pub struct Writer {
    tx: Sender<Msg>,
    rx: Receiver<Progress>,
    handle: Option<JoinHandle<()>>,
    place: String,
}

impl Writer {
    /// Starts the writer thread, which owns `store` and the spool in its data folder. Changes
    /// kept in the spool by an earlier run are sent first.
    #[must_use]
    pub fn spawn(store: Store) -> Self {
        let (tx, jobs) = mpsc::channel();
        let (progress, rx) = mpsc::channel();
        let place = store.place();
        let handle = std::thread::Builder::new()
            .name("lockdiag-writer".into())
            .spawn(move || Worker::new(store, progress).run(&jobs))
            .ok();
        Self {
            tx,
            rx,
            handle,
            place,
        }
    }

    /// The server and database, for messages.
    #[must_use]
    pub fn place(&self) -> &str {
        &self.place
    }

    /// Queues `job` (never blocks).
    pub fn send(&self, job: Job) {
        let _ = self.tx.send(Msg::Job(Box::new(job)));
    }

    /// Everything the writer reported since the last call (never blocks).
    pub fn poll(&self) -> Vec<Progress> {
        self.rx.try_iter().collect()
    }

    /// Waits at most `wait` for the writer's next report (for [`super::LiveCase::settle`]:
    /// it wakes the moment a write is confirmed).
    pub fn wait(&self, wait: Duration) -> Option<Progress> {
        self.rx.recv_timeout(wait).ok()
    }

    /// Sends what it can within `wait`, keeps the rest in the spool and stops the thread.
    pub fn finish(mut self, wait: Duration) -> Finished {
        let (tx, rx) = mpsc::channel();
        if self.tx.send(Msg::Finish(tx)).is_err() {
            return Finished::default();
        }
        let done = rx.recv_timeout(wait).unwrap_or(Finished {
            unsent: usize::MAX,
            kept: None,
        });
        if done.unsent != usize::MAX
            && let Some(h) = self.handle.take()
        {
            let _ = h.join();
        }
        done
    }
}

struct Worker {
    store: Store,
    spool: Option<Spool>,
    queue: Vec<Job>,
    /// Cases the app is walking now (it re-bases their lost races itself).
    live: HashSet<String>,
    /// Events of each case this writer has had confirmed: a newer job of the case that was
    /// made before the app saw the confirmation starts after them (so it does not meet them
    /// on the server as events already stored).
    confirmed: HashMap<String, usize>,
    out: Sender<Progress>,
    down: bool,
    next_try: Instant,
    backoff: Duration,
}

impl Worker {
    fn new(store: Store, out: Sender<Progress>) -> Self {
        let spool = store.local_dir().and_then(|d| Spool::open(d).ok());
        Self {
            store,
            spool,
            queue: Vec::new(),
            live: HashSet::new(),
            confirmed: HashMap::new(),
            out,
            down: false,
            next_try: Instant::now(),
            backoff: FIRST_BACKOFF,
        }
    }

    fn target(&self) -> String {
        self.store.place()
    }

    fn spooled(&self) -> bool {
        let target = self.target();
        self.spool
            .as_ref()
            .and_then(|s| s.pending(&target).ok())
            .is_some_and(|p| !p.is_empty())
    }

    fn enqueue(&mut self, job: Job) {
        self.live.insert(job.uid.clone());
        // The newest job of a case holds all its events: it replaces an older one in place.
        match self.queue.iter_mut().find(|j| j.uid == job.uid) {
            Some(old) => *old = job,
            None => self.queue.push(job),
        }
    }

    fn run(mut self, jobs: &Receiver<Msg>) {
        // Connect as the app opens, so the first change does not wait for it, and a server
        // that is down is said at once (with where the case is kept meanwhile).
        if let Err(e) = self.store.reach() {
            self.went_down(&e);
        }
        let mut pending_spool = self.spooled();
        loop {
            let idle = self.queue.is_empty() && !pending_spool;
            let msg = if idle {
                jobs.recv().map_err(|_| RecvTimeoutError::Disconnected)
            } else {
                let wait = self.next_try.saturating_duration_since(Instant::now());
                jobs.recv_timeout(wait.max(Duration::from_millis(1)))
            };
            match msg {
                Ok(Msg::Job(job)) => {
                    self.enqueue(*job);
                    while let Ok(Msg::Job(more)) = jobs.try_recv() {
                        self.enqueue(*more);
                    }
                }
                Ok(Msg::Finish(reply)) => {
                    self.next_try = Instant::now();
                    self.pump();
                    let _ = reply.send(self.stop());
                    return;
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    self.pump();
                    self.stop();
                    return;
                }
            }
            self.pump();
            pending_spool = self.down && self.spooled();
        }
    }

    /// Keeps what is left in the spool and says how much that is.
    fn stop(&mut self) -> Finished {
        self.keep();
        let target = self.target();
        let in_memory: usize = self
            .queue
            .iter()
            .map(|j| j.events.len().saturating_sub(j.from))
            .sum();
        match &self.spool {
            Some(s) if in_memory == 0 => Finished {
                unsent: s.events(&target).unwrap_or(0),
                kept: Some(s.path().to_path_buf()),
            },
            _ => Finished {
                unsent: in_memory,
                kept: None,
            },
        }
    }

    /// Moves the queue into the spool (while the server is away).
    fn keep(&mut self) {
        let target = self.target();
        if let Some(spool) = &self.spool {
            let mut left = Vec::new();
            for job in self.queue.drain(..) {
                if spool.put(&target, &job).is_err() {
                    left.push(job);
                }
            }
            self.queue = left;
        }
    }

    fn went_down(&mut self, e: &StoreError) {
        if !self.down {
            self.down = true;
            let _ = self.out.send(Progress::Down {
                reason: e.to_string(),
                kept: self.spool.as_ref().map(|s| s.path().to_path_buf()),
            });
        }
        self.next_try = Instant::now() + self.backoff;
        self.backoff = (self.backoff * 2).min(MAX_BACKOFF);
        self.keep();
    }

    /// Sends one job; `Err` when the server is away. A kept job of a case no window is
    /// walking now that lost a race (another agent went on with the case meanwhile) is
    /// re-based after the other agent's events and sent again.
    fn send(&mut self, job: &Job) -> Result<(), StoreError> {
        let mut job = job.clone();
        if let Some(&n) = self.confirmed.get(&job.uid) {
            job.from = job.from.max(n.min(job.events.len()));
        }
        let mut result = self.store.write(&job);
        for _ in 0..3 {
            let Err(StoreError::Conflict { id, .. }) = &result else {
                break;
            };
            if self.live.contains(&job.uid) {
                break;
            }
            let stored = self.store.load(*id)?;
            job.events = rebase(&job.events, &stored.events, job.from);
            job.from = stored.events.len();
            result = self.store.write(&job);
        }
        match result {
            Ok(written) => {
                self.confirmed.insert(job.uid.clone(), written.events);
                let _ = self.out.send(Progress::Saved {
                    uid: job.uid,
                    written,
                });
                Ok(())
            }
            Err(StoreError::Conflict { id, .. }) => {
                let stored = self.store.load(id).ok().map(Box::new);
                let _ = self.out.send(Progress::Conflict {
                    uid: job.uid,
                    stored,
                });
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// Sends the spool, then the queue, in order, while the server takes them.
    fn pump(&mut self) {
        if self.down && Instant::now() < self.next_try {
            self.keep();
            return;
        }
        let target = self.target();
        let kept = self
            .spool
            .as_ref()
            .and_then(|s| s.pending(&target).ok())
            .unwrap_or_default();
        for (n, job) in kept {
            if let Err(e) = self.send(&job) {
                self.went_down(&e);
                return;
            }
            if let Some(s) = &self.spool {
                let _ = s.done(n, &job);
            }
        }
        while let Some(job) = self.queue.first().cloned() {
            if let Err(e) = self.send(&job) {
                self.went_down(&e);
                return;
            }
            self.queue.remove(0);
        }
        if self.down {
            self.down = false;
            self.backoff = FIRST_BACKOFF;
            let _ = self.out.send(Progress::Up);
        }
    }
}
