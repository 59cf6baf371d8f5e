//! The one table: each figure, its target, the peer's figure from the same run, the ratio,
//! and whether the target is met.

use std::fmt::Write;
use std::time::Duration;

/// A measured quantity, with its unit.
#[derive(Debug, Clone, Copy)]
pub enum Value {
    Time(Duration),
    Bytes(f64),
    Rate(f64),
    /// Policies checked a second.
    Throughput(f64),
}

impl Value {
    pub fn millis(ms: f64) -> Value {
        Value::Time(Duration::from_secs_f64(ms / 1000.0))
    }

    fn number(self) -> f64 {
        match self {
            Value::Time(d) => d.as_secs_f64(),
            Value::Bytes(b) => b,
            Value::Rate(r) | Value::Throughput(r) => r,
        }
    }

    /// Higher is better only for rates.
    fn higher_is_better(self) -> bool {
        matches!(self, Value::Rate(_) | Value::Throughput(_))
    }
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Value::Time(d) => {
                let s = d.as_secs_f64();
                if s == 0.0 {
                    write!(f, "0 ms")
                } else if s >= 1.0 {
                    write!(f, "{s:.2} s")
                } else if s >= 10e-3 {
                    write!(f, "{:.1} ms", s * 1e3)
                } else if s >= 1e-3 {
                    write!(f, "{:.2} ms", s * 1e3)
                } else if s >= 1e-6 {
                    write!(f, "{:.1} µs", s * 1e6)
                } else {
                    write!(f, "{:.0} ns", s * 1e9)
                }
            }
            Value::Bytes(b) => {
                if b >= 1024.0 * 1024.0 {
                    write!(f, "{:.1} MiB", b / (1024.0 * 1024.0))
                } else if b >= 10_000.0 {
                    write!(f, "{:.1} KiB", b / 1024.0)
                } else {
                    write!(f, "{b:.0} B")
                }
            }
            Value::Rate(r) => write!(f, "{r:.0} req/s"),
            Value::Throughput(r) => write!(f, "{r:.0} policies/s"),
        }
    }
}

/// What a figure must reach.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// At least this many times better than the peer.
    Times(f64),
    /// Below this value.
    Under(Value),
    /// At most this value (0 for "nothing while idle").
    AtMost(Value),
    None,
}

pub struct Row {
    pub id: &'static str,
    pub figure: String,
    pub ours: Value,
    pub target: Target,
    pub peer: Option<(String, Value)>,
}

impl Row {
    pub fn new(id: &'static str, figure: impl Into<String>, ours: Value) -> Row {
        Row {
            id,
            figure: figure.into(),
            ours,
            target: Target::None,
            peer: None,
        }
    }

    pub fn target(mut self, target: Target) -> Row {
        self.target = target;
        self
    }

    pub fn peer(mut self, who: impl Into<String>, value: Value) -> Row {
        self.peer = Some((who.into(), value));
        self
    }

    /// How many times better ours is than the peer (>1 means ours is better).
    fn ratio(&self) -> Option<f64> {
        let (_, peer) = self.peer.as_ref()?;
        let (ours, peer) = (self.ours.number(), peer.number());
        if self.ours.higher_is_better() {
            (peer > 0.0).then(|| ours / peer)
        } else {
            (ours > 0.0).then(|| peer / ours)
        }
    }

    fn verdict(&self) -> &'static str {
        let met = match self.target {
            Target::None => return "",
            Target::Times(k) => self.ratio().is_some_and(|r| r >= k),
            Target::Under(limit) => self.ours.number() < limit.number(),
            Target::AtMost(limit) => self.ours.number() <= limit.number(),
        };
        if met { "met" } else { "MISSED" }
    }
}

fn target_text(target: Target) -> String {
    match target {
        Target::Times(k) => format!("≥ {k}x peer"),
        Target::Under(v) => format!("< {v}"),
        Target::AtMost(v) => format!("≤ {v}"),
        Target::None => String::new(),
    }
}

/// The table, in Markdown, so it reads in a terminal and pastes into docs/PERFORMANCE.md.
pub fn table(rows: &[Row]) -> String {
    let header = [
        "#", "figure", "ours", "target", "peer", "peer's", "ratio", "verdict",
    ];
    let cells: Vec<[String; 8]> = rows
        .iter()
        .map(|r| {
            let (who, peer) = match &r.peer {
                Some((who, v)) => (who.clone(), v.to_string()),
                None => ("—".into(), "—".into()),
            };
            [
                r.id.to_string(),
                r.figure.clone(),
                r.ours.to_string(),
                target_text(r.target),
                who,
                peer,
                r.ratio().map(|x| format!("{x:.1}x")).unwrap_or_default(),
                r.verdict().to_string(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut out = String::from("|");
        for (c, w) in cells.iter().zip(widths) {
            let pad = w - c.chars().count();
            let _ = write!(out, " {c}{} |", " ".repeat(pad));
        }
        out.push('\n');
        out
    };
    let mut out = line(&header.map(String::from));
    out.push('|');
    for w in widths {
        let _ = write!(out, "{}|", "-".repeat(w + 2));
    }
    out.push('\n');
    for row in &cells {
        out.push_str(&line(row));
    }
    out
}
