//! `pingyi rank` (the default): ranked tables per track, with trend columns when an earlier
//! period is available.

use super::inputs::Inputs;
use super::output::Named;
use super::when::When;
use crate::analysis::trend;
use crate::error::Error;
use crate::eval::provenance::Provenance;
use crate::render::labels::Labels;
use crate::render::rank::{write, RankView};
use crate::render::Format;

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub when: When,
    /// Show only this track (by id).
    #[arg(long)]
    pub track: Option<String>,
    /// CSV/TSV only: the lean ranking — unit, track, rank, total, grade, township, period,
    /// config digest and trend — without each indicator's value and score (for the pipelines
    /// of a province or the whole country).
    #[arg(long)]
    pub lean: bool,
    #[command(flatten)]
    pub output: Named,
}

pub fn run(a: &Args) -> Result<(), Error> {
    let mut request = a
        .output
        .request(Format::UNITS, &a.inputs.guard(Vec::new()))?;
    if a.lean && !matches!(request.format(), Format::Csv | Format::Tsv) {
        let msg = format!(
            "--lean writes CSV or TSV (this run writes {}): add --format csv, or drop --lean",
            request.format().name()
        );
        return Err(Error::Usage(msg));
    }
    let (_, o, tracks) = a.when.open(&a.inputs, a.track.as_deref())?;
    request.check(&a.inputs.guard(o.inputs()))?;
    let trends = trend::of(&o);
    let collect = || Provenance::collect(&o.now, o.before.as_ref());
    let done = request.emit_to(collect, |provenance, style, w| {
        let labels = Labels {
            ev: &o.now,
            trends: trends.as_ref(),
            provenance,
        };
        let tracks = tracks.clone();
        let lean = a.lean;
        write(
            &RankView {
                labels,
                tracks,
                lean,
            },
            style,
            w,
        )
    });
    super::at_exit((o, trends));
    done
}
