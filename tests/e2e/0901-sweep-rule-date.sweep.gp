# sweep.gp - time to train and cost against a swept setting (fleetsim 0.1.0)
#
# Draws sweep.png/.svg/.pdf from the data beside it. Restyle freely, then
# run in this folder:   gnuplot sweep.gp
# or for one format:    gnuplot -e "fmt='pdf'" sweep.gp
# Colours: Okabe-Ito (colour-blind safe). Sizes: 1600x900 px at font 20.

if (!exists("fmt")) fmt = 'png svg'

do for [f in fmt] {
    reset
    if (f eq 'png') { set terminal pngcairo noenhanced size 1600,900 font 'Sans,20' pointscale 1.4 background '#ffffff' }
    if (f eq 'svg') { set terminal svg noenhanced size 1600,900 fixed font 'Sans,20' fontscale 1.3 background '#ffffff' }
    if (f eq 'pdf') { set terminal pdfcairo noenhanced size 16in,9in font 'Sans,20' fontscale 0.7 linewidth 2 pointscale 1.4 background '#ffffff' }
    set output 'sweep.'.f
    set title font ',24'
    set border 3 lw 1.5
    set xtics nomirror out
    set ytics nomirror out
    set grid ytics lt 1 lw 1 lc rgb '#d9d9d9'
    set key noautotitle
    set label 100 'fleetsim 0.1.0, seed 20241226, 20 replicates per variant' at screen 0.99, screen 0.015 right font ',15' tc rgb '#555555'
    set multiplot title 'deepseek_2025: sweep, time to result and TCO of v3_pretrain' font ',24'
    set object 500 rect from screen 0.2669, screen 0.8849 to screen 0.2831, screen 0.9051 fc rgb '#0072B2' fs solid 1.0 noborder front
    set label 500 'P50 (time), mean (TCO)' at screen 0.2896, screen 0.8950 left front
    set object 501 rect from screen 0.5146, screen 0.8849 to screen 0.5309, screen 0.9051 fc rgb '#bfdcee' fs solid 1.0 noborder front
    set label 501 'P5 to P95 over replicates' at screen 0.5374, screen 0.8950 left front
    set object 502 rect from screen 0.2451, screen 0.8499 to screen 0.2614, screen 0.8701 fc rgb '#009E73' fs solid 1.0 noborder front
    set label 502 'rental-equivalent, mean' at screen 0.2679, screen 0.8600 left front
    set object 503 rect from screen 0.4861, screen 0.8499 to screen 0.5023, screen 0.8701 fc rgb '#D55E00' fs solid 1.0 noborder front
    set label 503 'finished in < 100 % of replicates' at screen 0.5088, screen 0.8600 left front
    set object 503 fs empty border lc rgb '#D55E00' lw 2.5
    set label 110 'Swept: date export rule us-2023-10 takes effect' at screen 0.5, screen 0.0600 center front
    set xrange [18916.35:20164.65]
    set xtics ('2022-01-01' 18993, '2022-07-03' 19176, '2023-01-01' 19358, '2023-07-02' 19540, '2024-01-01' 19723, '2024-07-02' 19906, '2024-12-31' 20088) rotate by 30 right font ',16'
    unset mxtics
    set grid xtics ytics
    set lmargin at screen 0.090
    set rmargin at screen 0.450
    set bmargin at screen 0.204
    set tmargin at screen 0.760
    set title 'Time to result'
    set ylabel 'Time to result (days)'
    set yrange [0:65.4703]
    set label 30 'x: did not finish in any replicate' at graph 0.98, graph 0.05 right front font ',17' tc rgb '#D55E00'
    plot \
        'sweep.dat' index 3 using 1:2:3 with filledcurves fc rgb '#0072B2' fs transparent solid 0.25 noborder, \
        'sweep.dat' index 0 using 1:3 with linespoints lw 3 pt 7 ps 1.3 lc rgb '#0072B2', \
        'sweep.dat' index 0 using 1:($6 < 1 ? (strcol(3) eq "nan" ? 59.7772 : $3) : 1/0) with points pt 4 ps 2.6 lw 2.5 lc rgb '#D55E00', \
        'sweep.dat' index 2 using 1:(59.7772) with points pt 2 ps 2.5 lw 3 lc rgb '#D55E00'
    unset label 30
    unset label 3301
    unset label 3302
    unset label 3303
    unset label 3304
    unset label 3305
    unset object 500
    unset label 500
    unset object 501
    unset label 501
    unset object 502
    unset label 502
    unset object 503
    unset label 503
    unset label 100
    unset label 110
    set lmargin at screen 0.600
    set rmargin at screen 0.970
    set bmargin at screen 0.204
    set tmargin at screen 0.760
    set title 'Total cost of ownership'
    set ylabel 'USD (millions)'
    set format y '$%gM'
    set yrange [0:49.2172]
    plot \
        'sweep.dat' index 1 using 1:($3/1e+06):($4/1e+06) with filledcurves fc rgb '#0072B2' fs transparent solid 0.25 noborder, \
        'sweep.dat' index 1 using 1:($2/1e+06) with linespoints lw 3 pt 7 ps 1.3 lc rgb '#0072B2', \
        'sweep.dat' index 1 using 1:($5/1e+06) with linespoints lw 2.5 dt (8,5) pt 6 ps 1.2 lc rgb '#009E73'
    unset multiplot
    set output
}
