namespace PolicyBot.Bench.Quality;

/// <summary>One weighted training point of a logistic model.</summary>
internal sealed record LabelledPoint(double[] Features, bool Label, double Weight);

/// <summary>
/// Weighted L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least
/// squares). Written here because the model is tiny (a few dozen points of features, solved exactly in
/// milliseconds) and the product only needs its coefficients, not a learning library.
/// </summary>
internal static class LogisticFit
{
    /// <returns>The bias and one weight per feature.</returns>
    public static (double Bias, double[] Weights) Fit(IReadOnlyList<LabelledPoint> points, double l2 = 1.0, int iterations = 30)
    {
        int d = points[0].Features.Length + 1; // index 0 is the bias
        var beta = new double[d];
        for (int iter = 0; iter < iterations; iter++)
        {
            var gradient = new double[d];
            var hessian = new double[d, d];
            foreach (var p in points)
            {
                double z = beta[0];
                for (int j = 1; j < d; j++)
                {
                    z += beta[j] * p.Features[j - 1];
                }

                double prob = Sigmoid(z);
                double residual = (p.Label ? 1 : 0) - prob;
                double curvature = Math.Max(1e-9, prob * (1 - prob)) * p.Weight;
                for (int a = 0; a < d; a++)
                {
                    double xa = a == 0 ? 1 : p.Features[a - 1];
                    gradient[a] += p.Weight * residual * xa;
                    for (int b = 0; b <= a; b++)
                    {
                        double xb = b == 0 ? 1 : p.Features[b - 1];
                        hessian[a, b] += curvature * xa * xb;
                    }
                }
            }

            for (int a = 0; a < d; a++)
            {
                for (int b = 0; b < a; b++)
                {
                    hessian[b, a] = hessian[a, b];
                }

                // The bias is not shrunk; every weight is, so features that never vary stay at zero.
                if (a > 0)
                {
                    gradient[a] -= l2 * beta[a];
                    hessian[a, a] += l2;
                }
                else
                {
                    hessian[a, a] += 1e-9;
                }
            }

            var step = Solve(hessian, gradient);
            double change = 0;
            for (int a = 0; a < d; a++)
            {
                beta[a] += step[a];
                change = Math.Max(change, Math.Abs(step[a]));
            }

            if (change < 1e-7)
            {
                break;
            }
        }

        return (beta[0], beta.Skip(1).ToArray());
    }

    public static double Predict(double bias, double[] weights, double[] features)
    {
        double z = bias;
        for (int j = 0; j < weights.Length; j++)
        {
            z += weights[j] * features[j];
        }

        return Sigmoid(z);
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>Gaussian elimination with partial pivoting on a small dense system.</summary>
    private static double[] Solve(double[,] matrix, double[] vector)
    {
        int n = vector.Length;
        var a = (double[,])matrix.Clone();
        var b = (double[])vector.Clone();
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int row = col + 1; row < n; row++)
            {
                if (Math.Abs(a[row, col]) > Math.Abs(a[pivot, col]))
                {
                    pivot = row;
                }
            }

            if (pivot != col)
            {
                for (int k = 0; k < n; k++)
                {
                    (a[col, k], a[pivot, k]) = (a[pivot, k], a[col, k]);
                }

                (b[col], b[pivot]) = (b[pivot], b[col]);
            }

            for (int row = col + 1; row < n; row++)
            {
                double factor = a[row, col] / a[col, col];
                for (int k = col; k < n; k++)
                {
                    a[row, k] -= factor * a[col, k];
                }

                b[row] -= factor * b[col];
            }
        }

        var x = new double[n];
        for (int row = n - 1; row >= 0; row--)
        {
            double sum = b[row];
            for (int k = row + 1; k < n; k++)
            {
                sum -= a[row, k] * x[k];
            }

            x[row] = sum / a[row, row];
        }

        return x;
    }
}
