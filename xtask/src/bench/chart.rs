//! The benches' charts as SVG (plotters' SVG backend): lines of build time against a count,
//! ours in one colour and the SDK in another, release dashed.

use plotters::prelude::*;

/// One line of a chart.
pub struct Series {
    pub label: String,
    /// Ours (blue) or the SDK (orange).
    pub ours: bool,
    /// Release builds are dashed, debug ones solid.
    pub dashed: bool,
    /// (number of services, seconds), ascending.
    pub points: Vec<(f64, f64)>,
}

const OURS: RGBColor = RGBColor(31, 119, 180);
const SDK: RGBColor = RGBColor(255, 127, 14);

/// Clean build time against the number of services in the program.
pub fn build_times(lines: &[Series]) -> Result<String, String> {
    let failed = |e: &dyn std::fmt::Display| format!("drawing the chart: {e}");
    let x_max = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|(x, _)| *x))
        .fold(1.0, f64::max);
    let y_max = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|(_, y)| *y))
        .fold(1.0, f64::max);
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (760, 460)).into_drawing_area();
        area.fill(&WHITE).map_err(|e| failed(&e))?;
        let mut chart = ChartBuilder::on(&area)
            .caption(
                "Clean build of a program calling N services (2 cores)",
                ("sans-serif", 20),
            )
            .margin(16)
            .x_label_area_size(44)
            .y_label_area_size(64)
            .build_cartesian_2d(0.0..x_max * 1.05, 0.0..y_max * 1.1)
            .map_err(|e| failed(&e))?;
        chart
            .configure_mesh()
            .x_desc("services in the program")
            .y_desc("seconds")
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| format!("{y:.0}"))
            .draw()
            .map_err(|e| failed(&e))?;
        for line in lines {
            let colour = if line.ours { OURS } else { SDK };
            let style = colour.stroke_width(2);
            let points = line.points.clone();
            let drawn = if line.dashed {
                chart.draw_series(DashedLineSeries::new(points.clone(), 8, 5, style))
            } else {
                chart.draw_series(LineSeries::new(points.clone(), style))
            };
            drawn
                .map_err(|e| failed(&e))?
                .label(line.label.clone())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], style));
            chart
                .draw_series(
                    points
                        .iter()
                        .map(|&(x, y)| Circle::new((x, y), 3, colour.filled())),
                )
                .map_err(|e| failed(&e))?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .draw()
            .map_err(|e| failed(&e))?;
        area.present().map_err(|e| failed(&e))?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_each_line_with_its_label() {
        let lines = [
            Series {
                label: "ours, clean debug build".into(),
                ours: true,
                dashed: false,
                points: vec![(1.0, 40.0), (5.0, 60.0), (20.0, 150.0)],
            },
            Series {
                label: "SDK (lean), clean release build".into(),
                ours: false,
                dashed: true,
                points: vec![(1.0, 200.0), (5.0, 500.0), (20.0, 1900.0)],
            },
        ];
        let svg = build_times(&lines).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..100.min(svg.len())]);
        assert!(svg.contains("ours, clean debug build"));
        assert!(svg.contains("SDK (lean), clean release build"));
        assert!(svg.contains("services in the program"));
        // The SDK's orange appears, and a point of each line.
        assert!(svg.contains("#FF7F0E"), "colours as written: {svg}");
        assert!(svg.matches("<circle").count() >= 6);
    }
}
