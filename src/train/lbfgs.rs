//! Limited-memory BFGS for the smooth, convex training loss: the two-loop recursion with a
//! backtracking (Armijo) line search. Deterministic: the same problem gives the same iterates.

/// What a minimization did.
#[derive(Debug, Clone, Copy)]
pub struct Outcome {
    pub iterations: usize,
    pub converged: bool,
    pub loss: f64,
}

/// Minimizes `f` (which writes its gradient into the second argument and returns its value)
/// from `x`, over the coordinates where `free` is true (the others stay as they are).
pub fn minimize(
    x: &mut [f64],
    free: &[bool],
    max_iterations: usize,
    tolerance: f64,
    mut f: impl FnMut(&[f64], &mut [f64]) -> f64,
) -> Outcome {
    const MEMORY: usize = 10;
    let n = x.len();
    let mut g = vec![0.0; n];
    let mut fx = f(x, &mut g);
    mask(&mut g, free);
    let mut s_hist: Vec<Vec<f64>> = Vec::new();
    let mut y_hist: Vec<Vec<f64>> = Vec::new();
    let mut rho: Vec<f64> = Vec::new();
    let mut d = vec![0.0; n];
    let mut x_new = vec![0.0; n];
    let mut g_new = vec![0.0; n];
    let mut iterations = 0;
    while iterations < max_iterations {
        if norm_inf(&g) < tolerance {
            return Outcome {
                iterations,
                converged: true,
                loss: fx,
            };
        }
        iterations += 1;
        // Two-loop recursion: d = −H·g.
        d.copy_from_slice(&g);
        let k = s_hist.len();
        let mut alpha = vec![0.0; k];
        for i in (0..k).rev() {
            alpha[i] = rho[i] * dot(&s_hist[i], &d);
            axpy(-alpha[i], &y_hist[i], &mut d);
        }
        if k > 0 {
            let gamma = dot(&s_hist[k - 1], &y_hist[k - 1]) / dot(&y_hist[k - 1], &y_hist[k - 1]);
            d.iter_mut().for_each(|v| *v *= gamma);
        } else {
            let scale = 1.0 / norm_inf(&g).max(1.0);
            d.iter_mut().for_each(|v| *v *= scale);
        }
        for i in 0..k {
            let beta = rho[i] * dot(&y_hist[i], &d);
            axpy(alpha[i] - beta, &s_hist[i], &mut d);
        }
        d.iter_mut().for_each(|v| *v = -*v);
        mask(&mut d, free);
        let mut slope = dot(&g, &d);
        if slope >= 0.0 {
            // Not a descent direction: restart from the gradient.
            s_hist.clear();
            y_hist.clear();
            rho.clear();
            d.iter_mut().zip(&g).for_each(|(d, g)| *d = -g);
            slope = dot(&g, &d);
        }
        let mut step = 1.0;
        let mut f_new;
        loop {
            for i in 0..n {
                x_new[i] = x[i] + step * d[i];
            }
            f_new = f(&x_new, &mut g_new);
            if f_new <= fx + 1e-4 * step * slope || step < 1e-12 {
                break;
            }
            step *= 0.5;
        }
        mask(&mut g_new, free);
        let s: Vec<f64> = x_new.iter().zip(x.iter()).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = g_new.iter().zip(&g).map(|(a, b)| a - b).collect();
        let sy = dot(&s, &y);
        let decrease = fx - f_new;
        x.copy_from_slice(&x_new);
        g.copy_from_slice(&g_new);
        fx = f_new;
        if sy > 1e-12 {
            if s_hist.len() == MEMORY {
                s_hist.remove(0);
                y_hist.remove(0);
                rho.remove(0);
            }
            s_hist.push(s);
            y_hist.push(y);
            rho.push(1.0 / sy);
        }
        if decrease.abs() <= 1e-13 * fx.abs().max(1.0) && step < 1e-10 {
            break;
        }
    }
    Outcome {
        iterations,
        converged: norm_inf(&g) < tolerance,
        loss: fx,
    }
}

fn mask(v: &mut [f64], free: &[bool]) {
    for (v, &f) in v.iter_mut().zip(free) {
        if !f {
            *v = 0.0;
        }
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn axpy(a: f64, x: &[f64], y: &mut [f64]) {
    for (y, x) in y.iter_mut().zip(x) {
        *y += a * x;
    }
}

fn norm_inf(v: &[f64]) -> f64 {
    v.iter().fold(0.0, |m, x| m.max(x.abs()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimizes_a_quadratic_with_a_fixed_coordinate() {
        // f = (x0 − 3)² + 10 (x1 + 1)² + (x2 − 5)², x2 fixed at 0.
        let mut x = [0.0, 0.0, 0.0];
        let out = minimize(&mut x, &[true, true, false], 100, 1e-9, |x, g| {
            g[0] = 2.0 * (x[0] - 3.0);
            g[1] = 20.0 * (x[1] + 1.0);
            g[2] = 2.0 * (x[2] - 5.0);
            (x[0] - 3.0).powi(2) + 10.0 * (x[1] + 1.0).powi(2) + (x[2] - 5.0).powi(2)
        });
        assert!(out.converged);
        assert!(
            (x[0] - 3.0).abs() < 1e-6 && (x[1] + 1.0).abs() < 1e-6,
            "{x:?}"
        );
        assert_eq!(x[2], 0.0);
    }
}
