# compare_progress.gp - training progress of one job, per variant (fleetsim 0.1.0)
#
# Draws compare_progress.png/.svg/.pdf from the data beside it. Restyle freely, then
# run in this folder:   gnuplot compare_progress.gp
# or for one format:    gnuplot -e "fmt='pdf'" compare_progress.gp
# Colours: Okabe-Ito (colour-blind safe). Sizes: 1600x900 px at font 20.

if (!exists("fmt")) fmt = 'png svg'

do for [f in fmt] {
    reset
    if (f eq 'png') { set terminal pngcairo noenhanced size 1600,900 font 'Sans,20' pointscale 1.4 background '#ffffff' }
    if (f eq 'svg') { set terminal svg noenhanced size 1600,900 fixed font 'Sans,20' fontscale 1.3 background '#ffffff' }
    if (f eq 'pdf') { set terminal pdfcairo noenhanced size 16in,9in font 'Sans,20' fontscale 0.7 linewidth 2 pointscale 1.4 background '#ffffff' }
    set output 'compare_progress.'.f
    set title font ',24'
    set border 3 lw 1.5
    set xtics nomirror out
    set ytics nomirror out
    set grid ytics lt 1 lw 1 lc rgb '#d9d9d9'
    set key noautotitle
    set label 100 'fleetsim 0.1.0, seed 5, 20 replicates per variant' at screen 0.99, screen 0.015 right font ',15' tc rgb '#555555'
    set multiplot title 'strat: progress of run, by strategy' font ',24'
    set xdata time
    set timefmt '%Y-%m-%dT%H:%M'
    set xrange [1735689600:1738719535]
    unset mxtics
    set xtics ("1 Jan\n2025" 1735689600, "8 Jan" 1736294400, "15 Jan" 1736899200, "22 Jan" 1737504000, "29 Jan" 1738108800, "5 Feb" 1738713600)
    set grid xtics
    set xlabel 'Date (UTC)' offset 0,-0.6
    set ylabel 'FLOP budget done (%)'
    set yrange [0:105]
    set ytics 0,20,100
    set bmargin 6.5
    set tmargin at screen 0.80
    set object 500 rect from screen 0.1092, screen 0.8849 to screen 0.1255, screen 0.9051 fc rgb '#000000' fs solid 1.0 noborder front
    set label 500 'baseline (P(finish) = 100 %)' at screen 0.1320, screen 0.8950 left front
    set object 501 rect from screen 0.3809, screen 0.8849 to screen 0.3972, screen 0.9051 fc rgb '#0072B2' fs solid 1.0 noborder front
    set label 501 'same_a (P(finish) = 100 %)' at screen 0.4037, screen 0.8950 left front
    set object 502 rect from screen 0.6487, screen 0.8849 to screen 0.6649, screen 0.9051 fc rgb '#E69F00' fs solid 1.0 noborder front
    set label 502 'same_b (P(finish) = 100 %)' at screen 0.6714, screen 0.8950 left front
    set object 503 rect from screen 0.0975, screen 0.8499 to screen 0.1137, screen 0.8701 fc rgb '#009E73' fs solid 1.0 noborder front
    set label 503 'more_gpus (P(finish) = 100 %)' at screen 0.1202, screen 0.8600 left front
    set object 504 rect from screen 0.3918, screen 0.8499 to screen 0.4081, screen 0.8701 fc rgb '#CC79A7' fs solid 1.0 noborder front
    set label 504 'b200 (P(finish) = 100 %)' at screen 0.4146, screen 0.8600 left front
    set object 505 rect from screen 0.6378, screen 0.8499 to screen 0.6540, screen 0.8701 fc rgb '#c8c8c8' fs solid 1.0 noborder front
    set label 505 'bands: P5-P95 of 20 replicates' at screen 0.6605, screen 0.8600 left front
    plot \
        'compare_progress.dat' index 4 using 1:($2*100):($4*100) with filledcurves fc rgb '#CC79A7' fs transparent solid 0.18 noborder, \
        'compare_progress.dat' index 3 using 1:($2*100):($4*100) with filledcurves fc rgb '#009E73' fs transparent solid 0.18 noborder, \
        'compare_progress.dat' index 2 using 1:($2*100):($4*100) with filledcurves fc rgb '#E69F00' fs transparent solid 0.18 noborder, \
        'compare_progress.dat' index 1 using 1:($2*100):($4*100) with filledcurves fc rgb '#0072B2' fs transparent solid 0.18 noborder, \
        'compare_progress.dat' index 0 using 1:($2*100):($4*100) with filledcurves fc rgb '#000000' fs transparent solid 0.18 noborder, \
        'compare_progress.dat' index 4 using 1:($3*100) with lines lw 3.5 dt 1 lc rgb '#CC79A7', \
        'compare_progress.dat' index 3 using 1:($3*100) with lines lw 3.5 dt 1 lc rgb '#009E73', \
        'compare_progress.dat' index 2 using 1:($3*100) with lines lw 3.5 dt 1 lc rgb '#E69F00', \
        'compare_progress.dat' index 1 using 1:($3*100) with lines lw 3.5 dt 1 lc rgb '#0072B2', \
        'compare_progress.dat' index 0 using 1:($3*100) with lines lw 3.5 dt 1 lc rgb '#000000'
    unset multiplot
    set output
}
