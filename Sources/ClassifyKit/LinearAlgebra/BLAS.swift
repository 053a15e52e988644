import CBLAS

#if canImport(Glibc)
import Glibc
#endif

/// The one place `classify` calls CBLAS: single-precision dense kernels on row-major buffers.
///
/// Linked against `libblas.so.3`, which is reference BLAS from `libblas-dev` or OpenBLAS when
/// `libopenblas-dev` is installed (Debian's alternatives pick it without relinking).
public enum BLAS {
    /// `C = alpha * op(A) * op(B) + beta * C`, all row-major; `op` transposes when asked.
    /// A is `m×k` after `op`, B is `k×n` after `op`, C is `m×n`.
    public static func gemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0, k > 0 else { return }
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// `y += alpha * x` over `count` elements.
    @inline(__always)
    public static func axpy(count: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
        cblas_saxpy(Int32(count), alpha, x, 1, y, 1)
    }

    /// `y += alpha * x` over `count` elements, computed in place rather than by calling BLAS: for
    /// the short rows of a label block (a few to a few dozen floats), where the call into BLAS
    /// costs more than the arithmetic. The same operation as `axpy`, element by element.
    @inline(__always)
    public static func shortAxpy(count: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
        for i in 0..<count { y[i] += alpha * x[i] }
    }

    /// The dot product of `x` and `y` over `count` elements.
    @inline(__always)
    public static func dot(count: Int, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>) -> Float {
        cblas_sdot(Int32(count), x, 1, y, 1)
    }

    /// `x *= alpha` over `count` elements.
    @inline(__always)
    public static func scale(count: Int, alpha: Float, x: UnsafeMutablePointer<Float>) {
        cblas_sscal(Int32(count), alpha, x, 1)
    }

    /// The sum of absolute values of `count` elements.
    @inline(__always)
    public static func sumOfMagnitudes(count: Int, _ x: UnsafePointer<Float>) -> Float {
        cblas_sasum(Int32(count), x, 1)
    }

    /// The name of the BLAS implementation loaded at run time ("OpenBLAS …" or "reference BLAS").
    public static var implementation: String {
        guard let handle = dlopen(nil, RTLD_NOW) else { return "unknown BLAS" }
        if let symbol = dlsym(handle, "openblas_get_config") {
            typealias Config = @convention(c) () -> UnsafePointer<CChar>?
            let config = unsafeBitCast(symbol, to: Config.self)
            if let text = config() { return "OpenBLAS " + String(cString: text) }
            return "OpenBLAS"
        }
        return "reference BLAS (netlib)"
    }
}
